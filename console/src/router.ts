import { createRouter, createWebHistory } from 'vue-router'
import { session } from './session'

/** One lazy chunk per page: the login page loads neither ECharts nor the table. */
export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
    { path: '/', redirect: { name: 'board' } },
    { path: '/rounds/:roundId?', name: 'board', component: () => import('./pages/BoardPage.vue') },
    { path: '/notices', name: 'notices', component: () => import('./pages/NoticesPage.vue') },
    { path: '/notices/:id', name: 'notice-board', component: () => import('./pages/NoticeBoardPage.vue') },
    { path: '/rounds/:roundId/units/:unitCode', name: 'unit', component: () => import('./pages/UnitPage.vue') },
    // 运维/数据 (issue 18): directory import, exports, working-day calendar, dead outbox messages, the bot
    { path: '/directory', name: 'directory', component: () => import('./pages/DirectoryImportPage.vue') },
    { path: '/exports', name: 'exports', component: () => import('./pages/ExportsPage.vue') },
    { path: '/calendar', name: 'calendar', component: () => import('./pages/CalendarPage.vue') },
    { path: '/outbox', name: 'outbox', component: () => import('./pages/OutboxPage.vue') },
    { path: '/bot', name: 'bot', component: () => import('./pages/BotPage.vue') },
    { path: '/:rest(.*)*', redirect: { name: 'board' } },
  ],
})

router.beforeEach((to) => {
  if (!to.meta.public && !session.token) return { name: 'login', query: { next: to.fullPath } }
  return true
})
