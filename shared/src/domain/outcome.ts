// The Result type of pure domain checks: `{ ok: true }` or a refusal with a machine code and an English detail.
// (Named Outcome because `Result` is the finding result vocabulary.)

export interface Refusal<C extends string = string> {
  ok: false;
  /** Stable machine code, used as the problem+json `code`. */
  code: C;
  /** One clear English sentence for the person who asked. */
  detail: string;
}

export type Outcome<C extends string = string, T extends object = object> = ({ ok: true } & T) | Refusal<C>;

export const refuse = <C extends string>(code: C, detail: string): Refusal<C> => ({ ok: false, code, detail });
