import type { Collection, Document } from 'mongodb'

/** One set of documents that share a value of a unique index's fields, e.g. `{ key: { version: 3 }, count: 2 }`. */
export interface DuplicateGroup {
  key: Record<string, unknown>
  count: number
  ids: string[]
}

/**
 * The documents that stop a unique index from being built: grouped by the index's fields, groups with
 * more than one member, largest first (at most `limit` groups, five ids each), e.g. for submissions'
 * { roundId, unitCode, form, version }: `{ key: { roundId: 'R1', unitCode: 'U1', form: 'project', version: 3 }, count:
 * 2 }`.
 */
export async function duplicateGroups(
  collection: Collection,
  fields: string[],
  partialFilter?: Document,
  limit = 10,
): Promise<DuplicateGroup[]> {
  // $group _id keys may not contain dots: "a.b" is grouped as "a_b" and reported under its real name
  const alias = (f: string) => f.replace(/[.$]/g, '_')
  const rows = await collection
    .aggregate([
      ...(partialFilter ? [{ $match: partialFilter }] : []),
      {
        $group: {
          _id: Object.fromEntries(fields.map((f) => [alias(f), `$${f}`])),
          count: { $sum: 1 },
          ids: { $push: '$_id' },
        },
      },
      { $match: { count: { $gt: 1 } } },
      { $sort: { count: -1 } },
      { $limit: limit },
    ])
    .toArray()
  return rows.map((r) => ({
    key: Object.fromEntries(fields.map((f) => [f, (r._id as Record<string, unknown>)[alias(f)]])),
    count: Number(r.count),
    ids: (r.ids as unknown[]).slice(0, 5).map(String),
  }))
}
