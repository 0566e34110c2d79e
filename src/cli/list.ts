// `nnlab list`: the labs, one line each or as JSON with their parameters.
import { pick, type Lang } from '../labs/kit/i18n.js';
import { allowedValues } from '../labs/kit/params.js';
import { labs } from '../labs/registry.js';

export function listLines(lang: Lang): string[] {
  const idWidth = Math.max(...labs.map((lab) => lab.id.length));
  return labs.map((lab) => `${String(lab.number).padStart(2)}  ${lab.id.padEnd(idWidth)}  ${pick(lab.title, lang)} — ${pick(lab.summary, lang)}`);
}

export function listJson(lang: Lang): string {
  return JSON.stringify(
    labs.map((lab) => ({
      number: lab.number,
      id: lab.id,
      title: pick(lab.title, lang),
      summary: pick(lab.summary, lang),
      params: lab.params.map((spec) => ({ ...spec, help: pick(spec.help, lang), allowed: allowedValues(spec, lang), accepts: undefined })),
    })),
  );
}
