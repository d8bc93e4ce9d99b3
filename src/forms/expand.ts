import { periodLabel } from '../domain/time-progress.js'
import { formatMoney } from './parse/money.js'
import type { BudgetLine, Fen, Indicator, Project } from '../domain/types.js'
import type { Condition } from './condition.js'
import type { FormContext } from './context.js'
import { indicatorFields } from './indicator-fields.js'
import type { FieldSpec, Question } from './question.js'
import type { SharedLines } from './shared-deviation.js'
import type { FormTemplate, FundLinesGroup, GroupSpec } from './template.js'

/** Where a block sits: 项目 2/5：乡村道路养护. */
export interface Scope {
  index: number
  count: number
  code: string
  name: string
}

export type Check =
  | { kind: 'sum'; total: string; parts: string[]; message: string }
  | { kind: 'not-below'; path: string; than: string; message: string }

/** Questions asked together in one message (block mode), with the context lines shown above them. */
export interface Block {
  id: string
  title: string
  scope?: Scope
  intro: string[]
  questions: Question[]
  when?: Condition
  checks: Check[]
  /** chat only: the lagging lines' shared deviation block (see shared-deviation.ts) */
  share?: SharedLines
  /** a line's deviation block: the index of the shared block that asks for it with its siblings */
  coveredBy?: number
}

export interface FundLineRef {
  key: string
  label: string
  budgetFen?: Fen
  /** the budget as the context holds it (年初预算数 and 调整后预算数), when it does */
  budgetLine?: BudgetLine
  budgetPath?: string
  executedPath: string
}
export interface IndicatorRef {
  key: string
  label: string
  indicator: Indicator
  actualPath: string
  expectedPath: string
}

/** A template laid out against one context: the concrete blocks, questions, fund lines and indicators. */
export interface Expansion {
  template: FormTemplate
  blocks: Block[]
  questions: Question[]
  /**
   * The item numbers of 查看 and 修改 N (index + 1): first every item the table always asks, in form
   * order, then the conditional ones (偏差说明, 超预算原因). Fixed for the form, so a number never changes
   * when a deviation block appears or goes, and the items every clerk fills are numbered 1…N without
   * gaps; 查看 lists a deviation item beside its line, under its higher number.
   */
  numbered: Question[]
  byPath: Map<string, Question>
  blockOf: Map<string, number>
  lines: FundLineRef[]
  indicators: IndicatorRef[]
  /** the answer paths computed values depend on (executed, budgets, indicator figures) */
  inputs: Set<string>
  /** chat-only paths of shared deviation questions (in byPath, never in questions): the lines and field */
  shared: Map<string, { share: SharedLines; field: string }>
}

const CMP = { '>=': '≥', '<=': '≤', '=': '=' } as const

function budgetOf(line: BudgetLine | undefined): Fen | undefined {
  return line ? (line.adjusted ?? line.initial) : undefined
}

function lineBudget(group: FundLinesGroup, key: string, ctx: FormContext, p?: Project): BudgetLine | undefined {
  if (group.budget === 'county-arranged') return p?.countyArranged ? { initial: p.countyArranged.arranged } : undefined
  if (group.budget === 'project') return p?.funds[key as keyof Project['funds']]
  return ctx.department?.budget?.[key as 'total' | 'basic' | 'project']
}

/** A row name without the table's "其中：" (a sub-row marker), for titles and messages of its own. */
const bare = (label: string): string => label.replace(/^其中：/, '')

/** "年度资金总额预算", but "部门预算总额" already names a budget: not "部门预算总额预算". */
const budgetCaption = (label: string): string => (label.includes('预算') ? label : `${label}预算`)

function question(
  spec: FieldSpec,
  path: string,
  label: string,
  ctx: FormContext,
  extra: Partial<Question> = {},
): Question {
  return {
    ...spec,
    path,
    label: label.replace('{period}', periodLabel(ctx.round.endMonth)),
    required: spec.required ?? true,
    defaultYear: ctx.round.year,
    ...extra,
  }
}

function deviationBlock(
  id: string,
  title: string,
  key: string,
  fields: FieldSpec[],
  intro: string,
  ctx: FormContext,
  scope?: Scope,
): Block {
  const when: Condition = { kind: 'flagged', key }
  const questions = fields.map((f) => question(f, `${key}.dev.${f.key}`, `${title}·${f.label}`, ctx, { when }))
  return { id, title: `${title}·偏差说明`, scope, intro: [intro], questions, when, checks: [] }
}

function expandGroup(
  group: GroupSpec,
  prefix: string,
  ctx: FormContext,
  out: Expansion,
  p?: Project,
  scope?: Scope,
): void {
  const push = (b: Block): void => void out.blocks.push(b)
  if (group.type === 'fields') {
    push({
      id: `${prefix}${group.id}`,
      title: group.title,
      scope,
      intro: [],
      checks: [],
      questions: group.fields.map((f) => question(f, `${prefix}${f.key}`, f.label, ctx)),
    })
    return
  }
  if (group.type === 'indicators') {
    const list = group.source === 'project' ? (p?.indicators ?? []) : (ctx.department?.indicators ?? [])
    if (list.length === 0) return
    const qs: Question[] = []
    const intro: string[] = []
    for (const ind of list) {
      const key = `${prefix}indicators.${ind.code}`
      const target =
        ind.basis === 'qualitative' ? String(ind.target) : `${CMP[ind.comparator]}${ind.target}${ind.measure}`
      intro.push(`${ind.name}：目标 ${target}`)
      const [a, e] = indicatorFields(ind)
      qs.push(
        question(a, `${key}.actual`, `${ind.name}·${a.label}`, ctx),
        question(e, `${key}.expected`, `${ind.name}·${e.label}`, ctx),
      )
      out.indicators.push({
        key,
        label: ind.name,
        indicator: ind,
        actualPath: `${key}.actual`,
        expectedPath: `${key}.expected`,
      })
    }
    push({ id: `${prefix}${group.id}`, title: group.title, scope, intro, questions: qs, checks: [] })
    for (const ind of list) {
      const key = `${prefix}indicators.${ind.code}`
      push(
        deviationBlock(
          `${key}.dev`,
          ind.name,
          key,
          group.deviation,
          `指标“${ind.name}”存在偏差，请说明原因和纠偏措施。`,
          ctx,
          scope,
        ),
      )
    }
    return
  }
  const qs: Question[] = []
  const intro: string[] = []
  const checks: Check[] = []
  const lines: FundLineRef[] = []
  // row by row, as the table reads: each line's executed figure, then its other columns
  for (const line of group.lines) {
    const key = `${prefix}funds.${line.key}`
    const budgetLine = lineBudget(group, line.key, ctx, p)
    const budgetFen = budgetOf(budgetLine)
    const ref: FundLineRef = {
      key,
      label: line.label,
      budgetFen,
      ...(budgetLine ? { budgetLine } : {}),
      executedPath: `${key}.${group.executed.key}`,
    }
    if (budgetFen === undefined) {
      ref.budgetPath = `${key}.budget`
      qs.push(question({ key: 'budget', label: '预算数', kind: 'money' }, ref.budgetPath, `${line.label}·预算数`, ctx))
    } else intro.push(`${budgetCaption(line.label)} ${formatMoney(budgetFen)}`)
    qs.push(
      question(group.executed, ref.executedPath, `${line.label}·${group.executed.label}`, ctx, {
        budgetFen,
        compare: 'cumulative',
      }),
    )
    for (const o of group.others) {
      const path = `${key}.${o.key}`
      const oq = question(o, path, `${line.label}·${o.label}`, ctx, { budgetFen })
      qs.push(oq)
      if (o.notBelowExecuted)
        checks.push({
          kind: 'not-below',
          path,
          than: ref.executedPath,
          message: `${bare(line.label)}：${o.label}不能小于${group.executed.label.replace('{period}', periodLabel(ctx.round.endMonth))}`,
        })
    }
    lines.push(ref)
  }
  if (group.sum) {
    const s = group.sum
    const label = (k: string): string => group.lines.find((l) => l.key === k)?.label.replace('其中：', '') ?? k
    for (const col of [group.executed, ...group.others]) {
      const path = (k: string): string => `${prefix}funds.${k}.${col.key}`
      const c = col.label.replace('{period}', periodLabel(ctx.round.endMonth))
      checks.push({
        kind: 'sum',
        total: path(s.total),
        parts: s.parts.map(path),
        message: `${c}：${s.parts.map(label).join(' + ')} 应等于 ${label(s.total)}`,
      })
    }
  }
  for (const f of group.extra ?? []) qs.push(question(f, `${prefix}${f.key}`, f.label, ctx))
  push({
    id: `${prefix}${group.id}`,
    title: group.title,
    scope,
    intro: intro.length ? [intro.join('，')] : [],
    questions: qs,
    checks,
  })
  for (const ref of lines) {
    const when: Condition = { kind: 'over-budget', key: ref.key }
    const name = bare(ref.label)
    const q = question(
      {
        key: 'overBudgetReason',
        label: '超预算原因',
        kind: 'text',
        minLength: 4,
        example: '7月追加预算10万元，尚未调整',
      },
      `${ref.key}.overBudgetReason`,
      `${name}·超预算原因`,
      ctx,
      { when },
    )
    push({
      id: `${ref.key}.over`,
      title: `${name}·执行数超过预算`,
      scope,
      intro: [`${name}执行数超过预算。数字无误请说明原因（如追加预算尚未录入）；有误请回复“上一步”修改。`],
      questions: [q],
      when,
      checks: [],
    })
  }
  // chat only: one block for the lines lagging together, before their own blocks (shared-deviation.ts)
  const coveredBy = lines.length > 1 ? out.blocks.length : undefined
  if (lines.length > 1) {
    const share: SharedLines = { lines: lines.map((l) => ({ key: l.key, label: l.label })) }
    const when: Condition = { kind: 'flagged-several', keys: share.lines.map((l) => l.key) }
    const questions = group.deviation.map((f) => question(f, `${prefix}funds.dev.${f.key}`, f.label, ctx, { when }))
    push({
      id: `${prefix}funds.dev`,
      title: `${group.title}·偏差说明`,
      scope,
      intro: [],
      questions,
      when,
      checks: [],
      share,
    })
  }
  for (const ref of lines)
    push({
      ...deviationBlock(
        `${ref.key}.dev`,
        bare(ref.label),
        ref.key,
        group.deviation,
        `${bare(ref.label)}执行进度低于序时进度，请说明原因和纠偏措施。`,
        ctx,
        scope,
      ),
      ...(coveredBy === undefined ? {} : { coveredBy }),
    })
  out.lines.push(...lines)
}

function projectsFor(template: FormTemplate, ctx: FormContext): Project[] {
  if (template.repeat === 'county-projects') return ctx.projects.filter((p) => p.countyArranged)
  return ctx.projects
}

const byContext = new WeakMap<FormContext, Map<string, Expansion>>()
/**
 * A context copied with a new time (FormContextService.recentOrBuild) keeps its projects and department
 * objects: found by their identity before the content key is computed (hashing the projects costs more
 * than the lookup it saves).
 */
const byProjects = new WeakMap<
  FormContext['projects'],
  Map<string, { department: FormContext['department']; x: Expansion }>
>()
/** Hosts build a fresh context for every message: also remember expansions by content (bounded). */
const byContent = new Map<string, Expansion>()
const CONTENT_CACHE_SIZE = 500

function contentKey(template: FormTemplate, ctx: FormContext): string {
  return JSON.stringify([template.id, ctx.projects, ctx.department ?? null, ctx.round.year, ctx.round.endMonth])
}

function identityKey(template: FormTemplate, ctx: FormContext): string {
  return `${template.id}|${ctx.round.year}|${ctx.round.endMonth}`
}

function remember(template: FormTemplate, ctx: FormContext, key: string, x: Expansion): Expansion {
  const perCtx = byContext.get(ctx) ?? new Map<string, Expansion>()
  perCtx.set(template.id, x)
  byContext.set(ctx, perCtx)
  const perProjects =
    byProjects.get(ctx.projects) ?? new Map<string, { department: FormContext['department']; x: Expansion }>()
  perProjects.set(identityKey(template, ctx), { department: ctx.department, x })
  byProjects.set(ctx.projects, perProjects)
  byContent.delete(key)
  byContent.set(key, x)
  if (byContent.size > CONTENT_CACHE_SIZE) byContent.delete(byContent.keys().next().value as string)
  return x
}

/**
 * Lays the template out for this context. Memoised per context object and by content, because the
 * engine calls it on every step; an expansion depends only on the projects, the department and the
 * round's period.
 */
export function expandForm(template: FormTemplate, ctx: FormContext): Expansion {
  const hit = byContext.get(ctx)?.get(template.id)
  if (hit) return hit
  const same = byProjects.get(ctx.projects)?.get(identityKey(template, ctx))
  if (same && same.department === ctx.department) return same.x
  const key = contentKey(template, ctx)
  const known = byContent.get(key)
  if (known) return remember(template, ctx, key, known)
  const out: Expansion = {
    template,
    blocks: [],
    questions: [],
    numbered: [],
    byPath: new Map(),
    blockOf: new Map(),
    lines: [],
    indicators: [],
    inputs: new Set(),
    shared: new Map(),
  }
  if (template.repeat === 'none') {
    for (const g of template.groups) expandGroup(g, '', ctx, out)
  } else {
    const list = projectsFor(template, ctx)
    list.forEach((p, i) => {
      const scope: Scope = { index: i + 1, count: list.length, code: p.code, name: p.name }
      for (const g of template.groups) expandGroup(g, `projects.${p.code}.`, ctx, out, p, scope)
    })
  }
  out.blocks.forEach((b, bi) => {
    for (const q of b.questions) {
      if (b.share) out.shared.set(q.path, { share: b.share, field: q.key })
      else out.questions.push(q)
      out.byPath.set(q.path, q)
      out.blockOf.set(q.path, bi)
    }
  })
  const conditional = (q: Question): boolean => Boolean(q.when ?? out.blocks[out.blockOf.get(q.path) ?? 0].when)
  out.numbered = [...out.questions.filter((q) => !conditional(q)), ...out.questions.filter(conditional)]
  for (const l of out.lines) [l.executedPath, l.budgetPath].forEach((p) => p && out.inputs.add(p))
  for (const r of out.indicators) out.inputs.add(r.actualPath).add(r.expectedPath)
  return remember(template, ctx, key, out)
}
