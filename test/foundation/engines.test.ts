import { describe, it, expect } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
// semver is installed with npm's own tree (a dependency of several of ours); typed here by hand
const semver = require('semver') as {
  satisfies(version: string, range: string): boolean
  minVersion(range: string): { version: string } | null
}

interface Lock {
  packages: Record<string, { engines?: { node?: string } | string[] }>
}

/**
 * `npm install` must not warn EBADENGINE: every package in the lock file runs on the oldest Node the
 * project declares (package.json engines), so a user on that line installs cleanly.
 */
describe('Node engines', () => {
  it('every locked package accepts the oldest Node version package.json allows', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      engines: { node: string }
    }
    const oldest = semver.minVersion(pkg.engines.node)?.version
    expect(oldest).toBe('20.19.0')
    const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as Lock
    const refusing = Object.entries(lock.packages)
      .map(([path, p]) => ({ path, range: Array.isArray(p.engines) ? undefined : p.engines?.node }))
      .filter((p): p is { path: string; range: string } => Boolean(p.range) && !semver.satisfies(oldest!, p.range!))
      .map((p) => `${p.path} wants node ${p.range}`)
    expect(refusing).toEqual([])
  })
})
