/**
 * Time reaches services through this port, so tests drive jobs at chosen instants without fake timers
 * (jest's fake timers hang the MongoDB driver).
 */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock a test sets and moves by hand. */
export class ManualClock implements Clock {
  private t: number
  constructor(start: Date | string) {
    this.t = new Date(start).getTime()
  }
  now(): Date {
    return new Date(this.t)
  }
  set(at: Date | string): void {
    this.t = new Date(at).getTime()
  }
  advance(ms: number): void {
    this.t += ms
  }
}

/** Real time, shifted so that it starts at a chosen instant: jobs and pacing see time pass normally. */
export class OffsetClock implements Clock {
  private offset: number
  constructor(start: Date | string) {
    this.offset = new Date(start).getTime() - Date.now()
  }
  now(): Date {
    return new Date(Date.now() + this.offset)
  }
  set(at: Date | string): void {
    this.offset = new Date(at).getTime() - Date.now()
  }
}
