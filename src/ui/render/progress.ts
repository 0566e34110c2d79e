/** A progress bar of `width` cells: [█████░░░░░] or, in ASCII, [#####.....]. */
export function progressBar(done: number, total: number, width: number, ascii: boolean): string {
  const inner = Math.max(1, width - 2);
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * inner) : 0;
  const [full, empty] = ascii ? ['#', '.'] : ['█', '░'];
  return `[${full.repeat(filled)}${empty.repeat(inner - filled)}]`;
}
