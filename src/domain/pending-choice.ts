/**
 * A question the bot asked one person outside a form: which form to fill (several apply), which unit
 * (a person bound to several), whether to take over a colleague's dialog, whether to send a notice, or
 * whether to keep the valid cells of a file with errors (its answers as [path, value] pairs: a path
 * has dots, which a stored field name must not).
 * One per person and room. pick-form keeps the unit's whole list of the round in its fixed order,
 * submitted tables included, so a number means the table shown with it; statuses are read again when
 * the clerk picks.
 */
export type PendingChoice =
  | { kind: 'pick-form'; unitCode: string; options: { roundId: string; form: string; label: string }[] }
  | { kind: 'pick-unit'; options: { unitCode: string; label: string }[] }
  | { kind: 'takeover'; dialogId: string; ownerName: string; label: string }
  | { kind: 'confirm-notice'; noticeDraftId: string }
  | {
      kind: 'file-keep'
      unitCode: string
      roundId: string
      form: string
      title: string
      fileName: string
      answers: [string, unknown][]
    }
