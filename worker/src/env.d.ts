// Bindings that wrangler.toml does not declare because only tests set them.
declare namespace Cloudflare {
  interface Env {
    /** Milliseconds the test suite's clock is ahead of real time (faketime runs); honoured only when APP_ENV is `test`. */
    CLOCK_OFFSET_MS?: string;
  }
}
interface Env {
  CLOCK_OFFSET_MS?: string;
}
