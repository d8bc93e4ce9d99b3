import { promisify } from 'node:util'
import { inflateRaw } from 'node:zlib'

const inflate = promisify(inflateRaw)

/** One file of a zip archive, as its central directory describes it. */
interface ZipEntry {
  method: number
  compressedSize: number
  size: number
  localOffset: number
}

/** Why a zip could not be read: not a zip at all, or a part that unpacks past the allowed size. */
export class ZipError extends Error {
  constructor(readonly reason: 'unreadable' | 'too_large') {
    super(reason)
  }
}

/**
 * A zip archive already in memory (an upload, at most a few MB), read from its central directory:
 * `bytes(name)` inflates one part off the event loop (zlib's thread pool) and stops at `maxBytes` of
 * output, so a zip bomb — 5 MB that unpacks to gigabytes — fails fast instead of filling memory.
 * Only what an XLSX needs: stored and deflated parts, no ZIP64, no encryption.
 */
export class ZipEntries {
  private constructor(
    private readonly data: Buffer,
    private readonly entries: Map<string, ZipEntry>,
  ) {}

  static open(data: Buffer): ZipEntries {
    const end = findEndOfCentralDirectory(data)
    const count = data.readUInt16LE(end + 10)
    let p = data.readUInt32LE(end + 16)
    const entries = new Map<string, ZipEntry>()
    for (let i = 0; i < count; i++) {
      if (p + 46 > data.length || data.readUInt32LE(p) !== 0x02014b50) throw new ZipError('unreadable')
      const nameLength = data.readUInt16LE(p + 28)
      const name = data.toString('utf8', p + 46, p + 46 + nameLength)
      entries.set(name, {
        method: data.readUInt16LE(p + 10),
        compressedSize: data.readUInt32LE(p + 20),
        size: data.readUInt32LE(p + 24),
        localOffset: data.readUInt32LE(p + 42),
      })
      p += 46 + nameLength + data.readUInt16LE(p + 30) + data.readUInt16LE(p + 32)
    }
    return new ZipEntries(data, entries)
  }

  names(): string[] {
    return [...this.entries.keys()]
  }

  has(name: string): boolean {
    return this.entries.has(name)
  }

  /** The part's bytes, or undefined when the archive has no such part. */
  async bytes(name: string, maxBytes: number): Promise<Buffer | undefined> {
    const e = this.entries.get(name)
    if (!e) return undefined
    // the declared size may lie (it is the sender's word); the inflate limit below is what holds
    if (e.size > maxBytes) throw new ZipError('too_large')
    const h = e.localOffset
    if (h + 30 > this.data.length || this.data.readUInt32LE(h) !== 0x04034b50) throw new ZipError('unreadable')
    const start = h + 30 + this.data.readUInt16LE(h + 26) + this.data.readUInt16LE(h + 28)
    const raw = this.data.subarray(start, start + e.compressedSize)
    if (e.method === 0) {
      if (raw.length > maxBytes) throw new ZipError('too_large')
      return raw
    }
    if (e.method !== 8) throw new ZipError('unreadable')
    try {
      return await inflate(raw, { maxOutputLength: maxBytes })
    } catch (err) {
      throw new ZipError((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too_large' : 'unreadable')
    }
  }
}

/** The end-of-central-directory record sits in the last 22 bytes plus up to 64 KB of comment. */
function findEndOfCentralDirectory(data: Buffer): number {
  for (let p = data.length - 22; p >= Math.max(0, data.length - 22 - 0xffff); p--) {
    if (data.readUInt32LE(p) === 0x06054b50) return p
  }
  throw new ZipError('unreadable')
}
