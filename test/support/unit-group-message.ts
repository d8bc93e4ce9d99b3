import type { InboundMessage } from '../../src/chat/inbound-message.js'

/** A text said in unit `unit`'s group (room`unit`, seeded by seedBotWorld) by its clerk 财务`unit`, not @-ing the bot. */
export function unitGroupMessage(id: string, unit: string, text: string): InboundMessage {
  return {
    id,
    account: 'default',
    who: { id: `p${unit}`, name: `财务${unit}` },
    where: { kind: 'group', id: `room${unit}`, topic: `room${unit}群` },
    text,
    mentionedBot: false,
    isText: true,
  }
}
