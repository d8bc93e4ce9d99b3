/** `/file 表.xlsx` typed in the simulator: the path of a file to send (undefined: a line to say). */
export function fileLine(line: string): string | undefined {
  const m = /^\/file\s+(.+)$/.exec(line.trim())
  return m ? m[1].trim() : undefined
}
