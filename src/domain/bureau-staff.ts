/**
 * Finance-bureau staff (财政局绩效管理股) who receive the weekly progress summary of open rounds by
 * e-mail. Managers (分管领导) are a different list: they get the daily overdue digest for their scope.
 */
export interface BureauStaff {
  name: string
  email: string
  active: boolean
}
