import type { Submission } from './types.js'

/** A submission version about to be stored (the store gives it its id and creation time). */
export type NewSubmission = Omit<Submission, 'id' | 'createdAt'>

/** Thrown by a submission store when the version number being inserted exists already (a concurrent writer). */
export class VersionTaken extends Error {}
