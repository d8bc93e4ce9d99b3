import type ExcelJS from 'exceljs'
import { kindOf } from '../forms/kinds/index.js'
import type { Question } from '../forms/question.js'

const list = (options: readonly string[]): string[] => [`"${options.join(',')}"`]

/**
 * The data validation of an answer cell, from the question's kind and its options in the template (one
 * definition: the five 偏差原因 and the three 完成目标可能性 come from deviation-fields.ts). Numbers warn
 * rather than stop, because "15万" typed as text is a valid answer the reader understands; a multi-choice
 * warns too, since "经费保障、人员保障" (several reasons) is not one item of the list.
 */
export function answerValidation(q: Question, moneyUnit: '万元' | '元'): ExcelJS.DataValidation | undefined {
  const prompt = (text: string): Pick<ExcelJS.DataValidation, 'showInputMessage' | 'promptTitle' | 'prompt'> => ({
    showInputMessage: true,
    promptTitle: q.label.slice(0, 32),
    prompt: text.slice(0, 255),
  })
  const warn = { showErrorMessage: true, errorStyle: 'warning', allowBlank: true } as const
  switch (q.kind) {
    case 'money':
      return {
        type: 'decimal',
        operator: 'greaterThanOrEqual',
        formulae: [0],
        ...warn,
        errorTitle: '金额',
        error: `请填金额（${moneyUnit}），不能为负数`,
        ...prompt(`金额，单位${moneyUnit}，不能为负数；也可写“15万”或“150000元”`),
      }
    case 'percent':
    case 'number':
    case 'integer':
      return {
        type: 'decimal',
        operator: 'greaterThanOrEqual',
        formulae: [0],
        ...warn,
        errorTitle: '数值',
        error: '请填数值',
        ...prompt(`${kindOf(q.kind).hint(q)}${q.measure ? `，单位${q.measure}` : ''}`),
      }
    case 'choice':
      return {
        type: 'list',
        formulae: list(q.options ?? []),
        allowBlank: true,
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: q.label.slice(0, 32),
        error: `请从列表中选择：${(q.options ?? []).join('、')}`,
        ...prompt(`从列表中选一项：${(q.options ?? []).join('、')}`),
      }
    case 'multi-choice':
      return {
        type: 'list',
        formulae: list(q.options ?? []),
        ...warn,
        errorTitle: q.label.slice(0, 32),
        error: `多项请用顿号分开，例如“${(q.options ?? []).slice(0, 2).join('、')}”`,
        ...prompt(`从列表中选择；可多选，用顿号分开：${(q.options ?? []).join('、')}`),
      }
    case 'yes-no':
      return {
        type: 'list',
        formulae: list(['是', '否']),
        allowBlank: true,
        showErrorMessage: true,
        errorStyle: 'stop',
        error: '请选择“是”或“否”',
        ...prompt('选择“是”或“否”'),
      }
    default:
      // text, dates, URLs: no rule Excel could check as the parser does, only the hint
      return {
        type: 'textLength',
        operator: 'lessThanOrEqual',
        formulae: [10_000],
        ...warn,
        error: '内容过长',
        ...prompt(kindOf(q.kind).hint(q)),
      }
  }
}
