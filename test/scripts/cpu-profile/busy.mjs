/* global setTimeout */
// Generates busy.cpuprofile, the fixture of cpu-profile-summary.test.ts (then its paths made /repo/…):
//   node --cpu-prof --cpu-prof-dir=. --cpu-prof-name=busy.cpuprofile --cpu-prof-interval=2000 busy.mjs
//   sed -i 's#file://'"$PWD"'/#file:///repo/test/scripts/cpu-profile/#g' busy.cpuprofile
// Two functions burn CPU in loops of their own, one three times as long as the other; then the process
// idles on a 100 ms timer.
function heavy() {
  let x = 0
  for (let i = 0; i < 150_000_000; i++) x = (x + i * 7) % 1_000_003
  return x
}

function light() {
  let x = 0
  for (let i = 0; i < 50_000_000; i++) x = (x + i * 7) % 1_000_003
  return x
}

heavy()
light()
setTimeout(() => undefined, 100)
