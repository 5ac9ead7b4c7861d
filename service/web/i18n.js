// Interface text in Korean and English. Answers carry their own language; this is the page's.

export const TEXT = {
  en: {
    title: "modu — talk or type to an AI assistant",
    heading: "modu",
    tagline: "An AI assistant for everyone. Talk or type.",
    conversation: "Conversation",
    you: "You",
    aiLabel: "AI-generated answer",
    messageLabel: "Your message",
    send: "Send",
    handsFree: "Talk hands-free",
    pushToTalk: "Push to talk",
    pushToTalkHint: "Press once to start speaking, again to send.",
    stop: "Stop",
    pause: "Pause",
    resume: "Resume",
    volume: "Volume",
    captions: "Caption",
    profile: "Profile",
    playback: "Playback",
    settings: "Settings",
    close: "Close",
    language: "Interface language",
    statusReady: "Ready. Type a message or start talking.",
    statusConnecting: "Connecting…",
    statusListening: "Listening…",
    statusThinking: "Thinking…",
    statusSpeaking: "Speaking…",
    statusDone: "Answer finished.",
    statusStopped: "Playback stopped.",
    statusPaused: "Playback paused.",
    statusError: "Error:",
    micDenied: "The microphone is not available. You can still type.",
    disconnected: "The connection closed. Send a message to reconnect.",
    needKey: "This service needs an access key (API key). Ask whoever runs it, then open Settings.",
    wrongKey: "This access key (API key) was not accepted. Ask whoever runs the service for the right one, then change it in Settings.",
    notAllowed: "This service does not accept requests from this page's address. Ask whoever runs it to allow this address.",
    apiKey: "API key (kept in this tab only)",
    binaryAudio: "Send microphone audio as binary frames (less data)",
    save: "Save",
    preset: "Start from a preset",
    readingLevel: "Reading level",
    levelStandard: "Standard",
    levelPlain: "Plain language",
    levelEasy: "Easy read",
    screenReader: "Answers shaped for screen readers",
    patience: "Patience before answering (ms)",
    rate: "Speech rate",
    theme: "Theme",
    themeSystem: "Follow the system",
    themeLight: "Light",
    themeDark: "Dark",
    themeContrast: "High contrast",
    textSize: "Text size (%)",
    reducedMotion: "Reduce motion",
    profileSaved: "Profile saved and applied.",
    profileFailed: "The profile could not be saved:",
  },
  ko: {
    title: "모두 — 말하거나 글로 쓰는 AI 비서",
    heading: "모두",
    tagline: "모두를 위한 AI 비서입니다. 말하거나 글로 쓰세요.",
    conversation: "대화",
    you: "나",
    aiLabel: "AI 생성 답변",
    messageLabel: "보낼 메시지",
    send: "보내기",
    handsFree: "손 없이 말하기",
    pushToTalk: "눌러서 말하기",
    pushToTalkHint: "한 번 누르면 말하기 시작, 다시 누르면 보냅니다.",
    stop: "멈추기",
    pause: "일시 정지",
    resume: "다시 듣기",
    volume: "음량",
    captions: "자막",
    profile: "프로필",
    playback: "재생",
    settings: "설정",
    close: "닫기",
    language: "화면 언어",
    statusReady: "준비됐습니다. 메시지를 쓰거나 말하세요.",
    statusConnecting: "연결하는 중…",
    statusListening: "듣는 중…",
    statusThinking: "생각하는 중…",
    statusSpeaking: "말하는 중…",
    statusDone: "답변이 끝났습니다.",
    statusStopped: "재생을 멈췄습니다.",
    statusPaused: "재생을 일시 정지했습니다.",
    statusError: "오류:",
    micDenied: "마이크를 쓸 수 없습니다. 글로 쓸 수는 있습니다.",
    disconnected: "연결이 끊겼습니다. 메시지를 보내면 다시 연결합니다.",
    needKey: "이 서비스를 쓰려면 접근 키(API 키)가 필요합니다. 서비스를 운영하는 사람에게 받은 뒤 설정을 여세요.",
    wrongKey: "이 접근 키(API 키)는 받아들여지지 않았습니다. 운영하는 사람에게 맞는 키를 받아 설정에서 바꾸세요.",
    notAllowed: "이 서비스는 이 페이지 주소에서 오는 요청을 받지 않습니다. 운영하는 사람에게 이 주소를 허용해 달라고 하세요.",
    apiKey: "API 키 (이 탭에만 보관)",
    binaryAudio: "마이크 소리를 바이너리 프레임으로 보내기 (데이터 절약)",
    save: "저장",
    preset: "기본 설정 고르기",
    readingLevel: "글의 수준",
    levelStandard: "보통",
    levelPlain: "쉬운 글",
    levelEasy: "아주 쉬운 글",
    screenReader: "화면 낭독기에 맞춘 답변",
    patience: "답하기 전 기다리는 시간 (밀리초)",
    rate: "말 속도",
    theme: "화면 테마",
    themeSystem: "시스템 설정 따르기",
    themeLight: "밝게",
    themeDark: "어둡게",
    themeContrast: "고대비",
    textSize: "글자 크기 (%)",
    reducedMotion: "움직임 줄이기",
    profileSaved: "프로필을 저장하고 적용했습니다.",
    profileFailed: "프로필을 저장하지 못했습니다:",
  },
};

// Why the server refused the page, by the error code it sent (a WebSocket close reason, or the
// code of a REST error); the status (401/403, or close code 4401/4403) when the code is unknown.
const REFUSALS = { missing_api_key: "needKey", invalid_api_key: "wrongKey", origin_not_allowed: "notAllowed" };

/** The TEXT key of the plain-words refusal, or null when this was no refusal. */
export function refusalKey(status, code) {
  if (typeof code === "string" && Object.hasOwn(REFUSALS, code)) return REFUSALS[code];
  if (status === 401 || status === 4401) return "needKey";
  if (status === 403 || status === 4403) return "notAllowed";
  return null;
}

/** The interface language: the browser's when it is Korean or English, else the profile's first
 *  preferred language we have text for, else English. (Settings can override both.) */
export function chooseLanguage(preferred) {
  const wanted = [...(navigator.languages || [navigator.language || "en"]), ...(preferred || [])];
  for (const tag of wanted) {
    const base = String(tag).toLowerCase().split("-")[0];
    if (base in TEXT) return base;
  }
  return "en";
}

/** Fill every element carrying data-i18n (text) or data-i18n-label (aria-label) in `lang`. */
export function applyLanguage(lang) {
  const text = TEXT[lang];
  document.documentElement.lang = lang;
  document.title = text.title;
  for (const el of document.querySelectorAll("[data-i18n]")) {
    el.textContent = text[el.dataset.i18n];
  }
  return text;
}
