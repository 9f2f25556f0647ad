import type { MessageKey, NumberedKey } from "./zh-CN";

/** English texts (/lang en). Same keys as zh-CN.ts: the type makes a missing one a compile error. */
export const en: Record<MessageKey, string> = {
  greeting:
    "Hello, this is Minqing. Tell us about a problem or make a suggestion; we pass it to the unit in charge and keep you informed.\n" +
    "Privacy: your name and phone number are shown only to the officials handling your case, never published or given to anyone else. You may stay anonymous.\n" +
    "Send /cancel at any time to stop, /help for help.",
  help:
    "How it works: pick a category and a place, describe what happened (photos, files and voice messages welcome), leave contact details or stay anonymous, then confirm.\n" +
    "/start file a petition  /status your petitions  /status CODE one of them  /cancel stop  /lang zh 中文\n" +
    "/link join your account on another platform  /prefer send notices here first",
  story_kept: "What you told us is kept: “{excerpt}”. You can add more when asked to describe the matter.",
  story_too_long: "That message has {chars} characters, more than the {max} a description may have, so it was not kept. Please shorten it and send it again.",
  dialogue_intake: "filing a petition",
  dialogue_queued: "“{name}” will wait until “{current}” is finished.",
  dialogue_waiting: "You still have “{name}” open; let us continue.",
  ask_category: "Please choose a category:",
  ask_township: "Where did it happen? Pick a township, or type the name of the township or village.",
  ask_village: "Which village in {township}? Pick one or type its name.",
  village_unknown_option: "Not sure / whole township",
  area_not_found: "I could not find “{input}”. Please pick one, or try another spelling.",
  area_pick_one: "Which of these do you mean?",
  ask_description:
    "Please describe the problem: what happened, when, who is involved and what you would like done. You may send several messages, photos, files or voice messages. Press “Done” when finished.",
  description_progress: "Noted ({chars} characters, {files} attachments). Add more, or press “Done”.",
  description_done_option: "Done",
  description_empty: "I have no description yet. Please tell me what happened, in words, or send a voice message or photos.",
  description_too_long:
    "The description can be at most {max} characters; with this message it would be {chars}. Please shorten it (everything before is kept).",
  description_thin:
    "Please tell me in a few words what happened: what, where, and what you would like done. Numbers or symbols alone do not say what the matter is; you can also send photos or a voice message.",
  description_no_words: "I could not read any words there. Please describe the problem in text.",
  attachment_saved: "Attachment received ({files} in total).",
  attachment_too_large: "That file is too large (maximum {max} MB). Please compress it or describe it in words.",
  attachment_failed: "I could not keep that file. Please send it again or describe it in words.",
  attachment_not_now: "No attachment is needed yet. Please answer the question; you can send photos, files or voice while describing the problem.",
  ask_contact:
    "How can we reach you? With your name and phone number officials can contact you sooner; or stay anonymous: officials will not see who you are, and you will still hear back here.",
  contact_named_option: "Leave name and phone",
  contact_anonymous_option: "Stay anonymous",
  ask_name: "Please type your name:",
  name_invalid: "Please give a name of 1–30 letters, without digits or symbols.",
  ask_phone: "Please type your mobile number (11 digits) so officials can call you, or press “Skip”.",
  phone_skip_option: "Skip",
  phone_invalid: "“{input}” is not a valid mobile number. Please type 11 digits, e.g. 138 0013 8000, or press “Skip”.",
  summary_title: "Please check your petition:",
  summary_category: "Category: {value}",
  summary_area: "Place: {value}",
  summary_description: "Description: {value}",
  summary_attachments: "Attachments: {value} ({kinds})",
  summary_attachment_kind: "{count} {kind}",
  summary_description_none: "(no text: see the attachments)",
  attachment_voice: "voice",
  attachment_photo: "photo",
  attachment_video: "video",
  attachment_document: "file",
  list_separator: ", ",
  summary_contact: "Contact: {value}",
  summary_anonymous: "anonymous",
  summary_no_phone: "no phone",
  confirm_option: "Submit",
  edit_option: "Change",
  cancel_option: "Cancel",
  ask_edit_field: "What would you like to change?",
  field_category: "Category",
  field_area: "Place",
  field_description: "Description",
  field_contact: "Contact",
  description_edit_hint: "Please describe it again; the new text replaces the old one (attachments are kept). Press “Done” when finished.",
  submitted: "Submitted. It is being registered; your tracking code will follow in a moment.",
  cancelled: "Cancelled; nothing you entered was saved. Send /start to begin again.",
  nothing_to_cancel: "There is nothing in progress. Send /start to file a petition.",
  expired: "As there was no reply for a while, the unfinished petition was cancelled and nothing was saved. Send /start to begin again.",
  choose_from_list: "Please pick one of the options below (or reply with its number).",
  text_expected: "Please reply in text.",
  unsupported_message: "I cannot use this kind of message (stickers, contact cards). Please reply in text; photos, files and voice are welcome in the description.",
  button_stale: "This button has expired; please use the latest message.",
  button_foreign: "This button is not for you.",
  error_generic: "Sorry, something went wrong on our side; nothing you sent is lost. Please try again shortly.",
  group_chat: "To protect your privacy, please message me privately (on WeChat, add me as a friend first); do not describe your case in a group.",
  choose_by_number: "(reply with a number)",
  friend_greeting: "Hello, this is Minqing. Send a message to raise a concern; send \"status\" to see progress or \"help\" for help.",
  language_set: "Language set to English.",
  language_unknown: "Available: /lang zh (中文), /lang en (English).",
  unknown_command: "I do not know that command. Send /help to see what I understand.",
  idle_hint: "Send /start to file a petition, /status to follow one.",
  status_none: "You have not filed any petition yet. Send /start to begin.",
  status_list_title: "Your petitions:",
  status_line: "{code} | {category} | {state} | filed {date}",
  status_detail:
    "Tracking code: {code}\nCategory: {category}\nPlace: {area}\nStatus: {state}\nFiled: {date}\nUnit in charge: {unit}",
  status_accept_by: "Acceptance decision due: {date} (you will hear by then whether it is accepted)",
  status_answer_by: "Answer due: {date}",
  status_not_found: "I found no petition of yours with that code. Please check the code.",
  bind_usage: "For officials: send /bind CODE.",
  bind_ok: "Bound: {name}. Cases assigned to you will be sent here.",
  bind_invalid: "That code is not valid. Please check it or ask the petition office for a new one.",
  bind_expired: "That code has expired. Please ask the petition office for a new one.",
  bind_used: "That code has already been used. Ask the petition office for a new one to bind again.",
  prefer_ok: "Done: notices will come to this account first from now on.",
  prefer_nothing: "This account has no petitions and no binding yet, so there is nothing to set.",
  link_code:
    "To join your account on the other platform (WeChat or Telegram) with this one, send this from that account:\n/link {code}\nIt works once, for {minutes} minutes. Afterwards /status on either shows all your cases. Do not give this code to anyone.",
  link_ok: "Linked. /status on either account now shows all your cases ({count} moved from this account).",
  link_invalid: "That link code is wrong or has expired. Send /link on your other account for a new one.",
  link_same_account: "This code was made on this account; send it from your account on the other platform.",
  state_submitted: "submitted, being registered",
  state_registered: "registered, awaiting acceptance",
  state_declined: "declined",
  state_accepted: "accepted, being handled",
  state_in_progress: "in progress",
  state_answered: "answered",
  state_closed: "closed",
  state_reopened: "being handled again",
  state_under_review: "under review",
  state_final: "final (no further review)",
  state_withdrawn: "withdrawn",
  notice_ack:
    "{delayed}Your petition is registered and has been passed to {unit}.\nTracking code: {code}\nBy the rules, the unit must decide by {date} whether to accept it. Send /status {code} at any time to see where it stands.",
  notice_assignment:
    "[New assignment] {code}\nCategory: {category}\nPlace: {area}\nPetitioner: {petitioner}\nDescription: {description}\nAttachments: {attachments}\nAcceptance notice due: {date}{location}",
  notice_location_line: "\nLocation shared by the petitioner: {latitude}, {longitude}",
  notice_unbound_official:
    "[Needs forwarding] {code} ({category}, {area}) was assigned to {official}, who has not bound a chat account. Please tell them or reassign.",
  notice_no_official: "[Needs assigning] {code} ({category}, {area}) went to {unit}, which has no one on duty. Please assign it.",
  notice_wechat_login:
    "[System] The WeChat account {account} is logged out and needs a new QR scan. WeChat messages are held (not lost) until then. Scan link: {link}",
  notice_not_recorded:
    "Sorry, the petition you just submitted could not be recorded yet. Nothing is lost; staff will handle it and send you its tracking code once it is recorded.",
  notice_not_recorded_after_delay:
    "Your petition is not recorded yet: the system tried several times without success, and staff have been asked to handle it. Nothing is lost; you will get its tracking code once it is recorded. No need to submit it again.",
  notice_delayed:
    "Your petition has been received, but the system cannot record it just now. Nothing is lost: it will be recorded automatically once the system is back, and you will get its tracking code. No need to submit it again.",
  notice_delayed_office:
    "[System] A submitted petition was not recorded within {minutes} min (queue job {job}). The system keeps retrying; the petitioner has been told it is delayed. Check the database and the organisation data.",
  notice_delay_recorded_office: "[System] The delayed petition is now recorded, tracking code {code}.",
  notice_ack_delayed_line: "Sorry for the wait: your petition could not be recorded at once; it is recorded now.\n",
  notice_not_recorded_office:
    "[System] A submitted petition failed to be recorded several times (queue job {job}). Check the database or the organisation data, then retry the job in the intake queue. The petitioner has been told.",
  // What a notice's recipient can do about it (see zh-CN.ts).
  action_accept: "Accept",
  action_more: "More actions",
  notice_actions_hint: "Reply with a number, or type “{example}”:",
  petitioner_anonymous: "anonymous",
  description_in_attachments: "(no text; see the attachments)",
  menu_start: "File a petition",
  menu_status: "Follow my petitions",
  menu_cancel: "Cancel what is in progress",
  menu_help: "How it works",
  menu_link: "Link your account on another platform",
  menu_lang: "Language / 切换语言",
  area_confirm: "Do you mean {place}?",
  yes_option: "Yes",
  no_option: "No",
  area_confirm_no: "All right, please choose or type the place again.",
  // Returning after a pause: an unfinished draft offered back (engine, any dialogue).
  resume_offer: "You had not finished {name} last time. Continue where you left off?",
  resume_continue: "Continue",
  resume_restart: "Start afresh",
  resume_continued: "Good, carrying on where you left off.",
  resume_dropped: "All right: the earlier draft is deleted; starting afresh.",
  area_suggest_nearby: "The location you shared is near {place}. Is it here?",
  location_kept: "The location you shared is kept and goes with your petition to the official handling it.",
  location_no_village: "The location you shared is kept, but no listed village is near it. Please choose or type the place.",
  summary_location: "Location: shared",
};

/** The numbered-list channels' variants (see zhCNNumbered): reply with a number or a word, no buttons, no slash commands. */
export const enNumbered: Record<NumberedKey, string> = {
  greeting:
    "Hello, this is Minqing. Tell us about a problem or make a suggestion; we pass it to the unit in charge and keep you informed.\n" +
    "Privacy: your name and phone number are shown only to the officials handling your case, never published or given to anyone else. You may stay anonymous.\n" +
    "Reply “cancel” at any time to stop, “help” for help.",
  help:
    "How it works: reply with numbers to pick a category and a place, describe what happened (photos, files and voice messages welcome), leave contact details or stay anonymous, then confirm.\n" +
    "Just write to start. Reply “status” for your petitions, “status CODE” for one of them, “cancel” to stop, “中文” for Chinese.\n" +
    "Reply “关联账号” to join your account on the other platform, “首选” to get notices here first.",
  area_not_found: "I could not find “{input}”. Please reply with a number below, or try another spelling.",
  ask_description:
    "Please describe the problem: what happened, when, who is involved and what you would like done. You may send several messages, photos, files or voice messages. Reply “done” when finished.",
  description_progress: "Noted ({chars} characters, {files} attachments). Add more, or reply “done”.",
  ask_phone: "Please type your mobile number (11 digits) so officials can call you, or reply “skip”.",
  phone_invalid: "“{input}” is not a valid mobile number. Please type 11 digits, e.g. 138 0013 8000, or reply “skip”.",
  description_edit_hint: "Please describe it again; the new text replaces the old one (attachments are kept). Reply “done” when finished.",
  cancelled: "Cancelled; nothing you entered was saved. Just write to begin again.",
  nothing_to_cancel: "There is nothing in progress. Just write to file a petition.",
  expired: "As there was no reply for a while, the unfinished petition was cancelled and nothing was saved. Just write to begin again.",
  choose_from_list: "Please reply with the number of an option.",
  language_unknown: "Reply “中文” or “English” to switch language.",
  unknown_command: "I do not know that command. Reply “help” to see what I understand.",
  idle_hint: "Just write to file a petition; reply “status” to follow one.",
  status_none: "You have not filed any petition yet. Just write to begin.",
  bind_usage: "For officials: reply “绑定 CODE” (bind CODE).",
  link_code:
    "To join your account on the other platform (WeChat or Telegram) with this one, send this from that account:\n关联账号 {code}\nIt works once, for {minutes} minutes. Afterwards “status” on either shows all your cases. Do not share this code.",
  link_ok: "Linked. “status” on either account now shows all your cases ({count} moved from this account).",
  link_invalid: "That link code is wrong or has expired. Send “关联账号” on your other account for a new one.",
  notice_ack:
    "{delayed}Your petition is registered and has been passed to {unit}.\nTracking code: {code}\nBy the rules, the unit must decide by {date} whether to accept it. Reply “status {code}” at any time to see where it stands.",
  // A numbered line names its case (see en).
  action_accept: "Accept {code}",
  action_more: "More actions {code}",
  // Returning after a pause (see en).
  resume_offer: "You had not finished {name} last time. Reply 1 or “continue” to carry on, 2 or “start afresh” to begin again.",
};
