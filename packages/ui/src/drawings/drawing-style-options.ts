// The choices a trader has for a drawing's look, shared by the floating toolbar and the settings
// dialog: a small palette that reads on both chart themes, the line widths and dashes core allows,
// and each tool's name for titles and labels.
import { LINE_DASHES, type DrawingKind, type LineDash } from '@coinview/core/drawings';
import { DRAWING_TOOL_GROUPS } from './drawing-toolbar';

export interface DrawingColour {
  colour: string;
  name: string;
}

/** TradingView-like colours; the first is a new drawing's default (DEFAULT_DRAWING_STYLE). */
export const DRAWING_COLOURS: readonly DrawingColour[] = [
  { colour: '#2962ff', name: 'Blue' },
  { colour: '#00bcd4', name: 'Cyan' },
  { colour: '#089981', name: 'Green' },
  { colour: '#ffeb3b', name: 'Yellow' },
  { colour: '#ff9800', name: 'Orange' },
  { colour: '#f23645', name: 'Red' },
  { colour: '#9c27b0', name: 'Purple' },
  { colour: '#787b86', name: 'Grey' },
];

export const LINE_WIDTHS = [1, 2, 3, 4] as const;

export const DASH_NAMES: Readonly<Record<LineDash, string>> = {
  solid: 'Solid',
  dashed: 'Dashed',
  dotted: 'Dotted',
};
export { LINE_DASHES };

/** "Orange" for a palette colour, else the colour as written ("#123456"). */
export function colourName(colour: string): string {
  const lower = colour.toLowerCase();
  return DRAWING_COLOURS.find((c) => c.colour === lower)?.name ?? colour;
}

/** The palette, with the drawing's own colour first when it is not one of them. */
export function swatchesWith(current: string): readonly DrawingColour[] {
  const lower = current.toLowerCase();
  return DRAWING_COLOURS.some((c) => c.colour === lower)
    ? DRAWING_COLOURS
    : [{ colour: current, name: `Current (${current})` }, ...DRAWING_COLOURS];
}

/** The tool's name as the toolbar says it: "Trend line", "Fib retracement". */
export function drawingName(kind: DrawingKind): string {
  return DRAWING_TOOL_GROUPS.flat().find((t) => t.tool === kind)?.name ?? 'Drawing';
}

/** Whether lines of this drawing have a width and dash to choose (a note is only text). */
export const hasLineStyle = (kind: DrawingKind) => kind !== 'text';
