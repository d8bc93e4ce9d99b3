/** The pure guided-dialog engine: `step(template, state, input, ctx) → { state, replies, effects }`. */
export { step, initialState } from './step.js'
export { parseCommand, type Command } from './commands.js'
export type { DialogInput, DialogState, Effect, Pending, StepResult, SubmissionPayload } from './types.js'
export type { FormContext } from '../forms/context.js'
