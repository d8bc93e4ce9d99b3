/**
 * For a page that loads again when what it shows changes (a search typed, another unit, another round,
 * another year): `start()` at each load returns `current()`, true while no later load has started. An
 * answer to an earlier load that arrives after a later one started is dropped, so the page never shows
 * the answer to a question no longer asked (a slow first page painted over a search's rows, unit A's
 * panels under unit B's address).
 */
export function latestLoad(): { start(): () => boolean } {
  let latest = 0
  return {
    start() {
      const mine = ++latest
      return () => mine === latest
    },
  }
}
