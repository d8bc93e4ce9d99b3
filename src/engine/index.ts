/** The pure guided-dialog engine: `step(template, state, input, ctx) → { state, replies, effects }`. */
export { step, initialState } from './step.js'
export { parseCommand, type Command } from './commands.js'
export { submittedText, refusedText } from './receipt.js'
export { HOST_NOTES } from './host-notes.js'
export { chatErrorText, isForUser } from './chat-error-text.js'
export type { DialogInput, DialogState, Effect, Pending, Refusal, StepResult, SubmissionPayload } from './types.js'
export type { FormContext } from '../forms/context.js'
