import type { FileFiling } from './ports.js'

/**
 * The FileFiling the container wires until the Excel bridge's reader lands: the file is acknowledged
 * with its name and size, nothing is read or stored yet.
 */
export const acknowledgeFile: FileFiling = {
  fileReceived(_ctx, file) {
    const kb = Math.max(1, Math.round(file.data.length / 1024))
    return Promise.resolve([`已收到文件《${file.name}》（${kb} KB），正在识别…`])
  },
}
