// Control characters in text (Unicode category Cc: C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F): what typed text
// refuses and what captured page text drops. Kept free of zod so the content script can use it without the schemas.

/** Every control character (Cc): C0, DEL and C1. */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
/** What one-line text refuses: every control character, TAB/LF/CR included, and the line/paragraph separators. */
export const NOT_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** What multi-line text refuses: every control character except TAB, LF and CR. */
export const NOT_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** What captured page text drops: the same set as multi-line text refuses. */
const DROPPED_FROM_CAPTURE = new RegExp(NOT_IN_TEXT.source, 'g');

/** Removes the control characters a multi-line text would refuse (TAB, LF and CR stay). */
export const dropControlCharacters = (value: string) => value.replace(DROPPED_FROM_CAPTURE, '');
