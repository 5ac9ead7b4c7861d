// Interface text in Korean and English. Answers carry their own language; this is the page's.

export const TEXT = {
  en: {
    title: "modu: talk or type to an AI helper",
    heading: "modu",
    tagline: "Press \"Start talking\" and ask. You can also type.",
    conversation: "Conversation",
    you: "You",
    aiLabel: "AI-generated answer",
    talkStart: "Start talking",
    talkStop: "Stop listening",
    talkHint: "Speak now; pause when you are done.",
    messageLabel: "Or type a question",
    send: "Send",
    pushToTalk: "Record a message",
    pushToTalkSend: "Send what I said",
    pushToTalkHint: "Press, speak, then press again to send.",
    stop: "Stop the answer",
    pause: "Pause the answer",
    volume: "Volume",
    captions: "Caption",
    profile: "Profile",
    playback: "The answer's sound",
    settings: "Settings",
    close: "Close",
    language: "Language of this page",
    statusReady: "Ready. Press \"Start talking\" or type a question.",
    statusConnecting: "Connecting…",
    statusListening: "Listening…",
    statusThinking: "Thinking…",
    statusSpeaking: "Speaking…",
    statusDone: "Answer finished.",
    statusStopped: "Answer stopped.",
    statusPaused: "Answer paused.",
    statusError: "Error:",
    micDenied: "The microphone is not available. You can still type.",
    disconnected: "The connection closed. Send a message to reconnect.",
    needKey: "This service needs an access key (API key). Ask whoever runs it, then open Settings.",
    wrongKey: "This access key (API key) was not accepted. Ask whoever runs the service for the right one, then change it in Settings.",
    notAllowed: "This service does not accept requests from this page's address. Ask whoever runs it to allow this address.",
    apiKey: "Access key (API key)",
    apiKeyHint: "Only needed if modu asks for it. It is kept in this tab only.",
    binaryAudio: "Use less data for the microphone",
    voiceLegend: "Who reads the answers aloud",
    voiceServer: "modu's voice",
    voiceDevice: "Speak answers with this device's voice",
    voiceScreenReader: "Let my screen reader speak (text only)",
    save: "Save",
    presetLegend: "Start with what fits you",
    speedLegend: "How fast modu speaks",
    speedSlower: "Slower",
    speedNormal: "Normal",
    speedFaster: "Faster",
    patienceLegend: "How long modu waits after you stop",
    patienceNormal: "Normal",
    patienceLonger: "Longer",
    patienceLongest: "Much longer",
    textSizeLegend: "Text size",
    sizeNormal: "Normal",
    sizeLarge: "Large",
    sizeLarger: "Larger",
    sizeLargest: "Largest",
    tryIt: "Try it",
    sampleSpeed: "Hello. This is how fast I will speak.",
    samplePatience: "When you stop talking, I wait this long.",
    samplePatienceAfter: "Then I answer.",
    sampleFailed: "The sample could not play.",
    readingLevel: "How answers are written",
    levelStandard: "Usual",
    levelPlain: "Plain words",
    levelEasy: "Very easy words",
    screenReader: "Answers made for screen readers",
    theme: "Colours",
    themeSystem: "Same as my device",
    themeLight: "Light",
    themeDark: "Dark",
    themeContrast: "High contrast",
    reducedMotion: "Reduce motion",
    profileSaved: "Saved. modu now works this way.",
    profileFailed: "Could not save:",
  },
  ko: {
    title: "모두: 말하거나 글로 묻는 AI 도우미",
    heading: "모두",
    tagline: "\"말하기 시작\"을 누르고 물어보세요. 글로 써도 됩니다.",
    conversation: "대화",
    you: "나",
    aiLabel: "AI 생성 답변",
    talkStart: "말하기 시작",
    talkStop: "듣기 멈추기",
    talkHint: "지금 말하세요. 다 말하면 잠시 멈추세요.",
    messageLabel: "또는 글로 질문하기",
    send: "보내기",
    pushToTalk: "메시지 녹음하기",
    pushToTalkSend: "말한 것 보내기",
    pushToTalkHint: "누르고 말한 뒤 다시 누르면 보냅니다.",
    stop: "답변 멈추기",
    pause: "답변 잠깐 멈추기",
    volume: "소리 크기",
    captions: "자막",
    profile: "프로필",
    playback: "답변 소리",
    settings: "설정",
    close: "닫기",
    language: "화면 언어",
    statusReady: "준비됐습니다. \"말하기 시작\"을 누르거나 글로 물어보세요.",
    statusConnecting: "연결하는 중…",
    statusListening: "듣는 중…",
    statusThinking: "생각하는 중…",
    statusSpeaking: "말하는 중…",
    statusDone: "답변이 끝났습니다.",
    statusStopped: "답변을 멈췄습니다.",
    statusPaused: "답변을 잠깐 멈췄습니다.",
    statusError: "오류:",
    micDenied: "마이크를 쓸 수 없습니다. 글로 쓸 수는 있습니다.",
    disconnected: "연결이 끊겼습니다. 메시지를 보내면 다시 연결합니다.",
    needKey: "이 서비스를 쓰려면 접근 키(API 키)가 필요합니다. 서비스를 운영하는 사람에게 받은 뒤 설정을 여세요.",
    wrongKey: "이 접근 키(API 키)는 받아들여지지 않았습니다. 운영하는 사람에게 맞는 키를 받아 설정에서 바꾸세요.",
    notAllowed: "이 서비스는 이 페이지 주소에서 오는 요청을 받지 않습니다. 운영하는 사람에게 이 주소를 허용해 달라고 하세요.",
    apiKey: "접근 키 (API 키)",
    apiKeyHint: "모두가 달라고 할 때만 넣으세요. 이 탭에만 보관합니다.",
    binaryAudio: "마이크 데이터 적게 쓰기",
    voiceLegend: "답변을 읽어 줄 목소리",
    voiceServer: "모두의 목소리",
    voiceDevice: "이 기기의 목소리로 답변 듣기",
    voiceScreenReader: "내 화면 낭독기로 듣기 (글로만 받기)",
    save: "저장",
    presetLegend: "나에게 맞는 것부터 고르세요",
    speedLegend: "말하는 빠르기",
    speedSlower: "느리게",
    speedNormal: "보통",
    speedFaster: "빠르게",
    patienceLegend: "말을 멈춘 뒤 기다리는 시간",
    patienceNormal: "보통",
    patienceLonger: "조금 길게",
    patienceLongest: "아주 길게",
    textSizeLegend: "글자 크기",
    sizeNormal: "보통",
    sizeLarge: "크게",
    sizeLarger: "더 크게",
    sizeLargest: "가장 크게",
    tryIt: "들어 보기",
    sampleSpeed: "안녕하세요. 이 빠르기로 말할게요.",
    samplePatience: "말을 멈추면 이만큼 기다려요.",
    samplePatienceAfter: "그다음에 답해요.",
    sampleFailed: "예시를 들려 드리지 못했습니다.",
    readingLevel: "답변 글의 수준",
    levelStandard: "보통",
    levelPlain: "쉬운 말",
    levelEasy: "아주 쉬운 말",
    screenReader: "화면 낭독기에 맞춘 답변",
    theme: "화면 색",
    themeSystem: "기기 설정과 같게",
    themeLight: "밝게",
    themeDark: "어둡게",
    themeContrast: "고대비",
    reducedMotion: "움직임 줄이기",
    profileSaved: "저장했습니다. 이제 이 설정으로 작동합니다.",
    profileFailed: "저장하지 못했습니다:",
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
