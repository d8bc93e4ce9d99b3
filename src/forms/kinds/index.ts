import { choice } from './choice.js'
import { date } from './date.js'
import { integer } from './integer.js'
import { money } from './money.js'
import { multiChoice } from './multi-choice.js'
import { number } from './number.js'
import { percent } from './percent.js'
import { text } from './text.js'
import { url } from './url.js'
import { yesNo } from './yes-no.js'
import type { KindName, QuestionKind } from '../question.js'

/** The registry of question kinds by wire name (as templates name them). */
export const kinds: Record<KindName, QuestionKind> = {
  money,
  percent,
  number,
  integer,
  choice,
  'multi-choice': multiChoice,
  'yes-no': yesNo,
  text,
  date,
  url,
}

export function kindOf(name: KindName): QuestionKind {
  return kinds[name]
}
