/** A mini-program user (one WeChat openid) and the unit they bound themselves to. */
export interface MpUser {
  openid: string
  unionid?: string
  unitCode?: string
  boundAt?: Date
  lastLoginAt: Date
}
