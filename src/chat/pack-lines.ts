/** One WeChat message stays readable (and within the platform's limit) below this many characters. */
export const MAX_CHARS = 1500

/** Joins items after a head into messages no longer than MAX_CHARS each. */
export function packLines(head: string, items: string[], sep: string): string[] {
  const out: string[] = []
  let current = head
  for (const item of items) {
    const next = current.endsWith('：') || current === '' ? current + item : current + sep + item
    if (next.length > MAX_CHARS) {
      out.push(current)
      current = item
    } else current = next
  }
  if (current) out.push(current)
  return out
}
