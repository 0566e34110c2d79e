import { describe, expect, it } from 'vitest';
import { checkParam, ParamError, parseParam, resolveParams, type ParamSpec } from '../../src/labs/kit/params.js';

const lr: ParamSpec = { name: 'lr', type: 'number', default: 0.1, min: 1e-6, max: 10, help: { en: '', 'zh-TW': '' } };
const epochs: ParamSpec = { name: 'epochs', type: 'int', default: 3, min: 1, max: 100, help: { en: '', 'zh-TW': '' } };
const loss: ParamSpec = { name: 'loss', type: 'choice', default: 'all', choices: ['mse', 'all'], help: { en: '', 'zh-TW': '' } };
const pred: ParamSpec = { name: 'pred', type: 'numbers', default: [0.5], min: 0, max: 1, minLength: 1, maxLength: 4, help: { en: '', 'zh-TW': '' } };

describe('parameter declarations', () => {
  it('parses valid text values', () => {
    expect(parseParam(lr, '1e-2')).toBe(0.01);
    expect(parseParam(epochs, '7')).toBe(7);
    expect(parseParam(loss, 'mse')).toBe('mse');
    expect(parseParam(pred, '0.27,0.32,0.41')).toEqual([0.27, 0.32, 0.41]);
  });

  it.each([
    [lr, 'abc', /--lr must be a number from 1e-6 to 10 \(got "abc"\)/],
    [lr, '11', /--lr must be a number/],
    [lr, '', /--lr/],
    [lr, '0x10', /--lr/],
    [epochs, '2.5', /--epochs must be an integer from 1 to 100/],
    [loss, 'huber', /--loss must be one of mse, all \(got "huber"\)/],
    [pred, '0.2,x', /--pred must be 1–4 comma-separated numbers/],
    [pred, '0.1,0.2,0.3,0.2,0.2', /--pred/],
  ])('rejects %#: the message names the flag and what is allowed', (spec, raw, message) => {
    expect(() => parseParam(spec, raw as string)).toThrow(ParamError);
    expect(() => parseParam(spec, raw as string)).toThrow(message);
  });

  it('checks typed values and rejects unknown names', () => {
    expect(checkParam(lr, 0.5)).toBe(0.5);
    expect(() => checkParam(lr, '2x')).toThrow(ParamError);
    expect(resolveParams([lr, epochs], { epochs: 5 })).toEqual({ lr: 0.1, epochs: 5 });
    expect(() => resolveParams([lr], { lrr: 1 })).toThrow(/unknown parameter 'lrr' \(this lab's parameters: lr\)/);
  });
});
