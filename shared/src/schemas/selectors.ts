// W3C Web Annotation selectors (https://www.w3.org/TR/annotation-model/#selectors) used by evidence anchors, bounded.
import { z } from 'zod';

export const MAX_QUOTE_CHARS = 2000;
export const MAX_CONTEXT_CHARS = 64;

export const TextQuoteSelectorSchema = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: z.string().min(1).max(MAX_QUOTE_CHARS),
  prefix: z.string().max(MAX_CONTEXT_CHARS).optional(),
  suffix: z.string().max(MAX_CONTEXT_CHARS).optional(),
});
export type TextQuoteSelector = z.infer<typeof TextQuoteSelectorSchema>;

/** Offsets in code points into the page's normalised text model; `end` is exclusive. */
export const TextPositionSelectorSchema = z
  .object({
    type: z.literal('TextPositionSelector'),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
  })
  .refine((s) => s.end >= s.start, { path: ['end'], message: 'end must not be before start' });
export type TextPositionSelector = z.infer<typeof TextPositionSelectorSchema>;

export const CssSelectorSchema = z.object({
  type: z.literal('CssSelector'),
  value: z.string().min(1).max(1000),
});
export type CssSelector = z.infer<typeof CssSelectorSchema>;

export const SelectorSchema = z.discriminatedUnion('type', [
  TextQuoteSelectorSchema,
  TextPositionSelectorSchema,
  CssSelectorSchema,
]);
export type Selector = z.infer<typeof SelectorSchema>;

/** The selectors of one anchor (at most one of each kind is useful; a few spares are tolerated). */
export const SelectorsSchema = z.array(SelectorSchema).max(8);
export type Selectors = z.infer<typeof SelectorsSchema>;
