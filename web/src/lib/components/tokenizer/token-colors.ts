// Token display helpers: a repeating palette, and whitespace made visible (space ⋅, newline ↵, tab →).

const PALETTE = ['#fde2e4', '#e2ece9', '#dfe7fd', '#fff1c1', '#e8dff5', '#d7f0f7', '#fbe4d0', '#e4f1d4'];

export const tokenColor = (i: number) => PALETTE[i % PALETTE.length]!;

export function visible(text: string): string {
  return text.replace(/ /g, '⋅').replace(/\n/g, '↵\n').replace(/\t/g, '→');
}
