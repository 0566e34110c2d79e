// The run's pictures as SVG files (--plots DIR, or s in the app), for slides and
// notes: Vega-Lite compiles each spec, Vega renders it without a browser or a
// canvas. Both load only here, on the first picture written.
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileWhole } from '../../labs/engine-api.js';
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
    writeFileWhole(path, await renderSvg(plot.spec));
    written.push(path);
  }
  return written;
}

export interface SavedPlots {
  folder: string;
  /** The files written (none: the run drew nothing to save). */
  files: string[];
  /** Why nothing could be written (a folder that cannot be made), in the system's words. */
  error?: string;
}

/** writePlots, never throwing: what was written, or why not. */
export async function savePlots(state: LabViewState, folder: string): Promise<SavedPlots> {
  try {
    return { folder, files: await writePlots(state, folder) };
  } catch (err) {
    return { folder, files: [], error: (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err)) };
  }
}

/** What was saved, in one line for stderr or the app's footer, in the run's language. */
export function savedPlotsWords(saved: SavedPlots, lang?: string): string {
  const zh = lang === 'zh-TW';
  const names = saved.files.map((path) => basename(path)).join(', ');
  if (saved.error)
    return zh ? `--plots ${saved.folder}：無法寫入圖檔（${saved.error}）` : `--plots ${saved.folder}: cannot write the pictures there (${saved.error})`;
  if (saved.files.length === 0)
    return zh ? `--plots ${saved.folder}：這次執行沒有可存的圖表、矩陣或地圖` : `--plots ${saved.folder}: this run drew no chart, matrix or map to save`;
  const count = saved.files.length;
  return zh ? `已把 ${count} 個 SVG 檔寫到 ${saved.folder}：${names}` : `wrote ${count} SVG file${count === 1 ? '' : 's'} to ${saved.folder}: ${names}`;
}
