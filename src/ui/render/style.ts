/** How to draw: the width available, colour or not, box-drawing or plain ASCII. */
export interface DrawStyle {
  width: number;
  color: boolean;
  ascii: boolean;
}

export const PLAIN: DrawStyle = { width: 80, color: false, ascii: false };
