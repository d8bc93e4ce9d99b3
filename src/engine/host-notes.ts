/**
 * What the host says around the engine's own reply when it opens a dialog on answers that were there
 * before (a colleague's, a returned version's, a draft's), kept here so every dialog text is the engine's.
 */
export const HOST_NOTES = {
  takenOver: '已接管，之前填写的内容已保留。',
  nothingToTakeOver: '该填报已结束，无需接管。发送“填报”重新开始。',
  draftLoaded: '已载入上次保存的草稿。',
  fileLoaded: (name: string): string => `已按文件《${name}》填入，以下是还需补充的内容。`,
  returned: (comment: string | undefined): string =>
    `财政局退回了本表，意见：「${comment ?? '（无）'}」。已载入上次填写的内容，可发送“修改 序号”更正后“提交”。`,
} as const
