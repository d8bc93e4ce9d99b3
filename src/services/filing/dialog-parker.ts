/**
 * Port for the `park-idle-dialogs` job: chat dialogs left idle (someone typed 填报 and walked away) are
 * parked so the next message starts cleanly and the draft is kept. IdleDialogs implements it.
 */
export interface DialogParker {
  /** parks dialogs idle since before `now` minus the dialog's idle limit; returns how many */
  parkIdle(now: Date): Promise<number>
}
