/** The WeCom channel: the 智能机器人 callback (inbound and replies) and the self-built app's 1:1 sender. */
export { wecomCallbackRouter, type WecomCallbackDeps, type WecomCallbackRouter } from './wecom-callback-router.js'
export { wecomAppSender, type WecomAppSender, type WecomAppTarget } from './wecom-app-sender.js'
export type { WecomSettings } from './wecom-settings.js'
