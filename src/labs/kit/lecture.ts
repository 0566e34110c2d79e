// A lecture: labs run one after another (`nnlab play <lecture.json>`; the app's
// lecture mode). One name for one idea: the file, the type and the screen all say lecture.
import type { Lab } from './lab.js';

/** One lab run of a lecture. */
export interface LectureStep {
  title?: string;
  lab: Lab;
  params: Record<string, unknown>;
  seed?: number;
}

export interface Lecture {
  title?: string;
  steps: LectureStep[];
}
