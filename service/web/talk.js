// The talk buttons' words and the first-press hint. Each button says what pressing it will do
// now ("Start talking" / "Stop listening"); aria-pressed says whether it is on.

const $ = (id) => document.getElementById(id);
const HINT_STORAGE = "modu.talkHintHeard"; // the first-visit hint is said once per browser
const HINT_LONGEST_MS = 6000; // never wait longer than this for the spoken hint to end

/** Show `mode` ("off" | "hands-free" | "push-to-talk") on both talk buttons. */
export function showTalkMode(mode, text) {
  const handsFree = mode === "hands-free";
  const pushToTalk = mode === "push-to-talk";
  $("hands-free").setAttribute("aria-pressed", String(handsFree));
  $("push-to-talk").setAttribute("aria-pressed", String(pushToTalk));
  // data-i18n follows the state, so a new interface language keeps the right words.
  $("hands-free-text").dataset.i18n = handsFree ? "talkStop" : "talkStart";
  $("push-to-talk").dataset.i18n = pushToTalk ? "pushToTalkSend" : "pushToTalk";
  $("hands-free-text").textContent = text[$("hands-free-text").dataset.i18n];
  $("push-to-talk").textContent = text[$("push-to-talk").dataset.i18n];
}

/** The first press ever: `show` the hint (the status line), and say it with the device's voice
 *  unless the screen reader speaks; resolves after it, so the microphone does not hear it.
 *  False when the hint was already given. */
export async function sayFirstHint({ show, speak, deviceVoice, text, language }) {
  if (localStorage.getItem(HINT_STORAGE)) return false;
  localStorage.setItem(HINT_STORAGE, "true");
  show();
  if (speak && deviceVoice.available) {
    const spoken = deviceVoice.say(text, { language });
    await Promise.race([spoken, new Promise((resolve) => setTimeout(resolve, HINT_LONGEST_MS))]);
  }
  return true;
}
