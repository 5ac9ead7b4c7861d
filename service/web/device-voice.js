// The device's own voice (Settings: "Speak answers with this device's voice"): the server sends
// text only, and each finished sentence is spoken with speechSynthesis in a voice for its own
// language, while its caption shows. Most phones and computers have a far better Korean voice
// than the server's eSpeak NG.

const HANGUL = /[\uac00-\ud7a3]/g;
// A sentence ends at . ! ? (or their full-width forms) followed by a space, or at a line break.
const SENTENCE_END = /[.!?。！？]+["')\]]*\s+|\n+/g;

/** "ko" when most letters are Hangul, else "en" (the two languages the page has words for). */
export function sentenceLanguage(text) {
  const letters = text.replace(/[^\p{L}]/gu, "").length;
  const hangul = (text.match(HANGUL) || []).length;
  return letters && hangul * 2 > letters ? "ko" : "en";
}

/** The voice for `language` ("ko", "en"): the exact language, never a longer code that merely
 *  starts the same ("kok" is Konkani), the browser's default among them first, local before
 *  network voices. Null when the device has none (the browser then picks by `lang`). */
export function chooseVoice(voices, language) {
  const matching = voices.filter((v) => String(v.lang).toLowerCase().replace("_", "-").split("-")[0] === language);
  const rank = (v) => (v.default ? 0 : 2) + (v.localService ? 0 : 1);
  return matching.sort((a, b) => rank(a) - rank(b))[0] || null;
}

/** Complete sentences at the start of `text` from `offset` on: [sentences, new offset]. */
export function completeSentences(text, offset) {
  const sentences = [];
  SENTENCE_END.lastIndex = offset;
  let match;
  while ((match = SENTENCE_END.exec(text)) !== null) {
    const sentence = text.slice(offset, match.index + match[0].length).trim();
    if (sentence) sentences.push(sentence);
    offset = match.index + match[0].length;
  }
  return [sentences, offset];
}

export class DeviceVoice {
  constructor(synth = window.speechSynthesis) {
    this.synth = synth || null;
    this.rate = 1;
    this.spokenUpTo = new Map(); // response id → characters of its text already queued
    this.pending = new Set(); // utterances queued or speaking (kept: Chromium drops events of collected ones)
    this.onSentence = () => {}; // (text, language) when a sentence starts: the caption
    this.onIdle = () => {};
  }

  get available() {
    return this.synth !== null;
  }

  get speaking() {
    return this.pending.size > 0;
  }

  /** The answer's text so far: speak each sentence that is now complete. */
  update(responseId, text) {
    const [sentences, offset] = completeSentences(text, this.spokenUpTo.get(responseId) || 0);
    this.spokenUpTo.set(responseId, offset);
    for (const sentence of sentences) this.say(sentence);
  }

  /** The answer is complete: speak what is left of it. */
  finish(responseId, text) {
    this.update(responseId, text);
    const rest = text.slice(this.spokenUpTo.get(responseId) || 0).trim();
    this.spokenUpTo.set(responseId, text.length);
    if (rest) this.say(rest);
    else if (!this.speaking) this.onIdle();
  }

  /** Speak one sentence now (after what is queued); resolves when it ends or fails. */
  say(text, { rate = this.rate, language = sentenceLanguage(text) } = {}) {
    if (!this.synth) return Promise.resolve(false);
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = language === "ko" ? "ko-KR" : "en-US";
    const voice = chooseVoice(this.synth.getVoices(), language);
    if (voice) utterance.voice = voice;
    utterance.rate = rate;
    this.pending.add(utterance);
    return new Promise((resolve) => {
      utterance.onstart = () => this.onSentence(text, language);
      const done = (spoken) => {
        if (!this.pending.delete(utterance)) return resolve(false);
        if (!this.speaking) this.onIdle();
        resolve(spoken);
      };
      utterance.onend = () => done(true);
      utterance.onerror = () => done(false);
      this.synth.speak(utterance);
    });
  }

  /** Silence at once (barge-in, Stop): nothing queued is spoken either. */
  stop() {
    if (!this.synth) return;
    const hadSpeech = this.speaking;
    this.pending.clear();
    this.synth.cancel();
    for (const id of this.spokenUpTo.keys()) this.spokenUpTo.set(id, Infinity);
    if (hadSpeech) this.onIdle();
  }

  setPaused(paused) {
    if (!this.synth) return;
    if (paused) this.synth.pause();
    else this.synth.resume();
  }
}
