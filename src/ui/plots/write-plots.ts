// The run's pictures as SVG files (--plots DIR, or s in the app), for slides and
// notes: Vega-Lite compiles each spec, Vega renders it without a browser or a
// canvas. Both load only here, on the first picture written.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { LabViewState } from '../state.js';
import { runPlots, type PlotSpec } from './specs.js';

/** Where s in the app writes the pictures without --plots: beside where nnlab was started. */
export const DEFAULT_PLOTS_FOLDER = 'nnlab-plots';

/** One spec as SVG text. */
export async function renderSvg(spec: PlotSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A file name from a lab and a picture's id: letters, digits and dashes. */
const fileName = (lab: string, id: string) => `${lab}-${id}`.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') + '.svg';

/**
 * Writes each of the run's pictures to `folder` (made if need be) as <lab>-<id>.svg,
 * each written beside and renamed into place; returns the paths. Nothing to draw: none.
 */
export async function writePlots(state: LabViewState, folder: string): Promise<string[]> {
  const plots = runPlots(state);
  if (plots.length === 0) return [];
  mkdirSync(folder, { recursive: true });
  // In a lecture, the step's number first: a lab may come twice.
  const lecture = state.start?.lecture;
  const lab = `${lecture ? `${String(lecture.step).padStart(2, '0')}-` : ''}${state.start?.lab ?? 'run'}`;
  const written: string[] = [];
  for (const plot of plots) {
    const path = join(folder, fileName(lab, plot.id));
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, await renderSvg(plot.spec));
    renameSync(partial, path);
    written.push(path);
  }
  return written;
}

/** writePlots, said in one line for stderr or the app's footer: what was written where, or why not. */
export async function savePlots(state: LabViewState, folder: string): Promise<{ ok: boolean; message: string }> {
  try {
    const written = await writePlots(state, folder);
    if (written.length === 0) return { ok: true, message: `--plots ${folder}: this run drew no chart, matrix or map to save` };
    return {
      ok: true,
      message: `wrote ${written.length} SVG file${written.length === 1 ? '' : 's'} to ${folder}: ${written.map((p) => basename(p)).join(', ')}`,
    };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, message: `--plots ${folder}: cannot write the pictures there (${code ?? (err instanceof Error ? err.message : String(err))})` };
  }
}
