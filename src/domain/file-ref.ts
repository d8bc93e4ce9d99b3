/**
 * Where a received file can be fetched from, per channel: plain data, journaled with the message so a
 * turn handled again after a restart can still fetch it. Only the discriminant names a channel; the
 * channel adapters (src/channels/*, bot/) know what the other fields mean.
 * - dingtalk: the robot callback's downloadCode (robot/messageFiles/download turns it into an address);
 * - wecom: the 智能机器人 callback's url of the AES-encrypted file (about 5 minutes valid), the key when
 *   the callback names one (else the robot's EncodingAESKey);
 * - wechat: the message id; the puppet hands the file out while it still knows the message.
 */
export type FileRef =
  | { channel: 'dingtalk'; downloadCode: string; robotCode: string }
  | { channel: 'wecom'; url: string; aesKey?: string }
  | { channel: 'wechat'; messageId: string }

/** A file that came with a message: its name ('' where the platform gives none), its size when told, where to get it. */
export interface InboundFile {
  name: string
  size?: number
  ref: FileRef
}
