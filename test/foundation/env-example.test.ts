import { describe, it, expect } from '@jest/globals'
import { readFileSync } from 'node:fs'

/** .env.example must list every variable src/config.ts reads, each with a comment line above it. */
describe('.env.example', () => {
  it('documents every configuration variable', () => {
    const source = readFileSync(new URL('../../src/config.ts', import.meta.url), 'utf8')
    const schemaBlock = source.slice(source.indexOf('const schema'), source.indexOf('export type Env'))
    const names = [...schemaBlock.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1])
    expect(names.length).toBeGreaterThan(20)
    const lines = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8').split('\n')
    for (const name of names) {
      const i = lines.findIndex((l) => l.startsWith(`${name}=`))
      expect({ name, documented: i > 0 && lines[i - 1].startsWith('#') }).toEqual({ name, documented: true })
    }
  })
})
