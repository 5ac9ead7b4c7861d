// The conversation as people see and hear it: one role="log"; each answer with its own lang and
// its "AI-generated answer" label; streaming text visible but not live, and a hidden polite
// region that receives each finished answer exactly once (W2).

import { TEXT } from "./i18n.js";

const HANGUL = /[\uac00-\ud7a3]/g;

function guessLanguage(text) {
  const letters = text.replace(/[^\p{L}]/gu, "");
  const hangul = (text.match(HANGUL) || []).length;
  return letters.length && hangul * 2 > letters.length ? "ko" : "en";
}

export class Conversation {
  constructor(log, announcer, uiText) {
    this.log = log;
    this.announcer = announcer;
    this.uiText = uiText;
    this.userTurns = new Map(); // item id → text element
    this.answers = new Map(); // response id → {article, label, body, text, language, announced}
  }

  addUser(itemId, text) {
    if (this.userTurns.has(itemId)) {
      if (text) this.userTurns.get(itemId).textContent = text;
      return;
    }
    const turn = document.createElement("div");
    turn.className = "turn user";
    const who = document.createElement("p");
    who.className = "who";
    who.textContent = this.uiText().you;
    const pause = document.createElement("span");
    pause.className = "visually-hidden";
    pause.textContent = ": "; // read as "You: hello", not "Youhello"
    who.append(pause);
    const body = document.createElement("p");
    body.className = "user-text";
    body.textContent = text || "…";
    turn.append(who, body);
    this.follow(() => this.log.append(turn));
    this.userTurns.set(itemId, body);
  }

  startAnswer(responseId, label) {
    if (this.answers.has(responseId)) return;
    const article = document.createElement("article");
    article.className = "turn answer";
    article.dataset.responseId = responseId;
    if (label) {
      article.dataset.aiGenerated = String(label.ai_generated);
      article.dataset.model = label.model || "";
      article.dataset.createdAt = label.created_at || "";
    }
    const labelEl = document.createElement("p");
    labelEl.className = "ai-label";
    labelEl.id = `label-${responseId}`;
    article.setAttribute("aria-labelledby", labelEl.id);
    // Shown as it streams, never announced from here: tokens would be read one by one, and the
    // hidden region announces the finished answer with its label.
    article.setAttribute("aria-live", "off");
    const body = document.createElement("p");
    body.className = "answer-text";
    body.setAttribute("aria-live", "off");
    article.append(labelEl, body);
    const answer = { article, label: labelEl, body, text: "", language: null, announced: false };
    this.answers.set(responseId, answer);
    this.setLanguage(responseId, document.documentElement.lang || "en");
    answer.language = null; // the page's language is only a placeholder until the answer's is known
    this.follow(() => this.log.append(article));
  }

  setLanguage(responseId, language) {
    const answer = this.answers.get(responseId);
    if (!answer || !language) return;
    const base = language.toLowerCase().split("-")[0];
    answer.language = base;
    answer.article.lang = base;
    const label = (TEXT[base] || TEXT.en).aiLabel;
    // Only a real change: the log is live, and a rewritten label would be read again.
    if (answer.label.textContent !== label) answer.label.textContent = label;
  }

  appendText(responseId, delta) {
    const answer = this.answers.get(responseId);
    if (!answer) return;
    answer.text += delta;
    this.follow(() => (answer.body.textContent = answer.text));
  }

  setText(responseId, text) {
    const answer = this.answers.get(responseId);
    if (!answer || !text) return;
    answer.text = text;
    this.follow(() => (answer.body.textContent = text));
  }

  /** The answer's text so far ("" for an unknown answer). */
  textOf(responseId) {
    const answer = this.answers.get(responseId);
    return answer ? answer.text : "";
  }

  /** The conversation scrolls, not the page: keep the newest turn in view, unless the person
   *  has scrolled back to read something earlier. */
  follow(change) {
    const log = this.log;
    const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 48;
    change();
    if (atEnd) log.scrollTop = log.scrollHeight;
  }

  /** The answer is complete: fix its language and announce it, once. */
  finishAnswer(responseId, language) {
    const answer = this.answers.get(responseId);
    if (!answer) return;
    if (!answer.language) this.setLanguage(responseId, language || guessLanguage(answer.text));
    if (answer.announced || !answer.text.trim()) return;
    answer.announced = true;
    this.announce(`${answer.label.textContent}: ${answer.text.trim()}`, answer.language);
  }

  announce(message, language) {
    // One mutation (a new child carrying its language), so the region is read once.
    const phrase = document.createElement("p");
    phrase.lang = language || document.documentElement.lang;
    phrase.textContent = message;
    this.announcer.replaceChildren(phrase);
  }
}
