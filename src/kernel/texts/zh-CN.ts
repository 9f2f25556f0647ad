/**
 * Every text a person reads, in Chinese (the default). `{name}` placeholders are filled by
 * render(); en.ts must have exactly the same keys, which the compiler checks.
 */
export const zhCN = {
  greeting:
    "您好，这里是民情直通车。您可以在这里反映诉求、提出建议，我们会转给负责的单位办理，并告诉您进展。\n" +
    "隐私说明：您的姓名和电话只给办理您诉求的工作人员看，不会公开，也不会告诉其他人。可以选择匿名。\n" +
    "随时发送 /cancel（或“取消”）放弃，/help 查看帮助。",
  help:
    "使用说明：按提示选择类别、地点，描述情况（可发图片、文件、语音），留下联系方式或匿名，确认后提交。\n" +
    "/start 开始反映  /status 查看我的诉求  /status 查询码 查看一件  /cancel 取消  /lang en English\n" +
    "/link 关联另一个平台的账号  /prefer 通知优先发到这个账号",
  story_kept: "您说的情况已记下：“{excerpt}”。稍后描述情况时还可以补充。",
  story_too_long: "您发来的这段有 {chars} 字，超过了情况描述最多 {max} 字的限制，这一段没有记下。请精简后再发，或分几次简要说明。",
  dialogue_intake: "反映诉求",
  dialogue_queued: "“{name}”先排在后面，等“{current}”办完就继续。",
  dialogue_waiting: "您还有一件没办完：“{name}”，接着来。",
  ask_category: "请选择诉求类别：",
  ask_township: "请问事情发生在哪个乡镇？请选择，也可以直接输入乡镇或村的名称。",
  ask_village: "请问是{township}的哪个村？请选择，或输入村名。",
  village_unknown_option: "不清楚 / 整个乡镇",
  area_not_found: "没有找到“{input}”。请点选，或换个写法再试（例如“东坡村”或“东坡”）。",
  area_pick_one: "您说的是下面哪一个？",
  ask_description:
    "请描述您遇到的情况：什么事、什么时间、涉及谁、希望怎么解决。可以分几条发送，也可以发图片、文件或语音。写完后点“写完了”。",
  description_progress: "已记下（共 {chars} 字，{files} 个附件）。可以继续补充，写完后点“写完了”。",
  description_done_option: "写完了",
  description_empty: "还没有收到情况描述。请用文字说明发生了什么，也可以发语音或图片。",
  description_too_long: "描述最多 {max} 字，这一条加上之前的内容共 {chars} 字。请精简后再发（之前记下的内容都在）。",
  description_thin: "请用几句话说说发生了什么：什么事、在哪里、希望怎么解决。只发数字或符号，看不出您要反映的情况；也可以发图片或语音。",
  description_no_words: "没能读出文字内容，请用文字描述一下情况。",
  attachment_saved: "附件已收到（共 {files} 个）。",
  attachment_too_large: "文件太大了，最大 {max} MB。请压缩后再发，或用文字说明。",
  attachment_failed: "这个文件没能收下，请再发一次，或用文字说明。",
  attachment_not_now: "现在还不需要附件。请先按提示回答；描述情况时可以发图片、文件或语音。",
  ask_contact: "请问如何联系您？留下姓名和电话，办理人员能更快联系您；也可以匿名，办理人员将看不到您的身份，结果仍会在这里告诉您。",
  contact_named_option: "留下姓名和电话",
  contact_anonymous_option: "匿名反映",
  ask_name: "请输入您的姓名：",
  name_invalid: "姓名请用 1–30 个字，不含数字和符号。",
  ask_phone: "请输入手机号（11 位），方便办理人员联系您；不想留可以点“跳过”。",
  phone_skip_option: "跳过",
  phone_invalid: "“{input}”不是有效的手机号。请输入 11 位手机号，例如 138 0013 8000，或点“跳过”。",
  summary_title: "请核对您的诉求：",
  summary_category: "类别：{value}",
  summary_area: "地点：{value}",
  summary_description: "情况：{value}",
  summary_attachments: "附件：{value} 个（{kinds}）",
  summary_attachment_kind: "{kind} {count}",
  summary_description_none: "（没有文字，请看附件）",
  attachment_voice: "语音",
  attachment_photo: "图片",
  attachment_video: "视频",
  attachment_document: "文件",
  list_separator: "、",
  summary_contact: "联系人：{value}",
  summary_anonymous: "匿名反映",
  summary_no_phone: "未留电话",
  confirm_option: "确认提交",
  edit_option: "修改",
  cancel_option: "取消",
  ask_edit_field: "要修改哪一项？",
  field_category: "类别",
  field_area: "地点",
  field_description: "情况描述",
  field_contact: "联系方式",
  description_edit_hint: "请重新描述情况，新的描述会替换原来的文字（附件保留）。写完后点“写完了”。",
  submitted: "已提交，正在登记。登记完成后会马上把查询码发给您。",
  cancelled: "已取消，刚才填写的内容没有保存。需要时发送 /start 重新开始。",
  nothing_to_cancel: "现在没有进行中的诉求。发送 /start 开始反映。",
  expired: "由于较长时间没有回复，刚才未提交的诉求已自动取消，内容没有保存。需要时发送 /start 重新开始。",
  choose_from_list: "请点选下面的选项（或回复选项前的数字）。",
  text_expected: "请用文字回复。",
  unsupported_message: "暂时无法处理这类消息（如贴纸、名片）。请用文字回复，描述情况时也可以发图片、文件或语音。",
  button_stale: "这个按钮已过期，请使用最新的消息。",
  button_foreign: "这个按钮不是发给您的。",
  error_generic: "抱歉，系统出了点问题，您的内容没有丢失。请稍后再试。",
  group_chat: "为保护隐私，请单独私聊我反映诉求（微信请先加我为好友），不要在群里说具体情况。",
  choose_by_number: "（回复数字选择）",
  friend_greeting: "您好，这里是民情直通车。直接发消息就可以反映诉求；发送“查询”查看进展，“帮助”查看说明。",
  language_set: "已切换为中文。",
  language_unknown: "支持的语言：/lang zh（中文）、/lang en（English）。",
  unknown_command: "不认识这个命令。发送 /help 查看可用的命令。",
  idle_hint: "发送 /start 开始反映诉求，/status 查看进展。",
  status_none: "您还没有提交过诉求。发送 /start 开始反映。",
  status_list_title: "您的诉求：",
  status_line: "{code}｜{category}｜{state}｜{date}提交",
  status_detail:
    "查询码：{code}\n类别：{category}\n地点：{area}\n状态：{state}\n提交时间：{date}\n办理单位：{unit}",
  status_accept_by: "受理告知期限：{date}（在这天之前告诉您是否受理）",
  status_answer_by: "答复期限：{date}",
  status_not_found: "没有找到这个查询码对应的、您本人提交的诉求。请核对查询码。",
  bind_usage: "工作人员绑定：发送 /bind 绑定码。",
  bind_ok: "绑定成功：{name}。今后交办给您的诉求会发到这里。",
  bind_invalid: "绑定码无效，请核对后重试，或联系信访办重新生成。",
  bind_expired: "绑定码已过期，请联系信访办重新生成。",
  bind_used: "这个绑定码已经用过了。如需重新绑定，请联系信访办重新生成。",
  prefer_ok: "好的，今后的通知会优先发到这个账号。",
  prefer_nothing: "这个账号还没有提交过诉求，也没有绑定，暂时无需设置。",
  link_code:
    "要把另一个平台（微信或 Telegram）上的账号和这个账号关联，请在那个账号上向民情发送：\n/link {code}\n{minutes} 分钟内有效，只能用一次。关联后，两个账号的诉求都能用 /status 查看。请不要把这个码告诉别人。",
  link_ok: "已关联。两个账号的诉求现在都能用 /status 查看（从这个账号转入 {count} 件）。",
  link_invalid: "关联码不对或已过期。请在另一个账号上重新发送 /link 获取新码。",
  link_same_account: "这个关联码是本账号生成的，请在另一个平台的账号上发送。",
  state_submitted: "已提交，正在登记",
  state_registered: "已登记，待受理",
  state_declined: "不予受理",
  state_accepted: "已受理，正在办理",
  state_in_progress: "办理中",
  state_answered: "已答复",
  state_closed: "已办结",
  state_reopened: "重新办理中",
  state_under_review: "复查中",
  state_final: "已终结（不再复查）",
  state_withdrawn: "已撤回",
  notice_ack:
    "{delayed}您的诉求已登记，并已转给{unit}。\n查询码：{code}\n按规定，办理单位应在 {date} 前决定是否受理。发送 /status {code} 可随时查看进展。",
  notice_assignment:
    "【新交办】{code}\n类别：{category}\n地点：{area}\n反映人：{petitioner}\n情况：{description}\n附件：{attachments} 个\n受理告知期限：{date}{location}",
  notice_location_line: "\n反映人分享的位置：{latitude}, {longitude}",
  notice_unbound_official:
    "【待转交】{code}（{category}，{area}）已分给 {official}，但其尚未绑定聊天账号，无法通知。请转告或重新指派。",
  notice_no_official:
    "【待指派】{code}（{category}，{area}）已交到{unit}，但没有可指派的在岗人员。请尽快指派。",
  notice_wechat_login:
    "【系统】微信账号 {account} 已退出登录，需要重新扫码登录。在此之前微信上的消息暂停发送（不会丢失）。扫码链接：{link}",
  notice_not_recorded:
    "抱歉，您刚才提交的诉求暂时没能登记。内容没有丢失，工作人员会尽快处理，登记后会把查询码发给您。",
  notice_not_recorded_after_delay:
    "您的诉求还没能登记：系统多次自动登记都没有成功，已转请工作人员处理。内容没有丢失，登记后会把查询码发给您，不用重新提交。",
  notice_delayed: "您的诉求已收到，但系统暂时无法登记。内容没有丢失，恢复后会自动登记，并把查询码发给您，不用重新提交。",
  notice_delayed_office:
    "【系统】一件已提交的诉求 {minutes} 分钟内没能登记（队列任务 {job}），系统正在自动重试，反映人已被告知会延后登记。请检查数据库和组织数据。",
  notice_delay_recorded_office: "【系统】之前延后登记的诉求现已登记，查询码 {code}。",
  notice_ack_delayed_line: "让您久等了：您的诉求刚才没能及时登记，现在已经登记好了。\n",
  notice_not_recorded_office:
    "【系统】一件已提交的诉求多次登记失败（队列任务 {job}），请排查数据库或组织数据后在 intake 队列中重试该任务。反映人已被告知。",
  // What a notice's recipient can do about it (src/notices/actions.ts): a button on Telegram,
  // where the notice above it names the case; a numbered line elsewhere, naming the case itself.
  action_accept: "受理",
  action_more: "更多操作",
  // Only on numbered channels, above a notice's numbered actions; {example} is the first one's line.
  notice_actions_hint: "回复数字办理，或直接回复“{example}”：",
  petitioner_anonymous: "匿名",
  description_in_attachments: "（没有文字，内容见附件）",
  menu_start: "开始反映诉求",
  menu_status: "查看我的诉求",
  menu_cancel: "取消当前操作",
  menu_help: "使用说明",
  menu_link: "关联另一个平台的账号",
  menu_lang: "切换语言 / Language",
  area_confirm: "您说的是{place}吗？",
  yes_option: "是",
  no_option: "不是",
  area_confirm_no: "好的，请重新选择或输入地点。",
  // Returning after a pause: an unfinished draft offered back (engine, any dialogue).
  resume_offer: "您上次“{name}”还没提交，继续填写吗？请点下面的按钮。",
  resume_continue: "继续填写",
  resume_restart: "重新开始",
  resume_continued: "好的，接着上次的填。",
  resume_dropped: "好的，上次的内容已删除，重新开始。",
  area_suggest_nearby: "您分享的位置在{place}附近，是这里吗？",
  location_kept: "已记下您分享的位置，会和诉求一起交给办理人员。",
  location_no_village: "已记下您分享的位置，但附近没有找到登记的村。请选择或输入地点。",
  summary_location: "位置：已分享",
} as const;

export type MessageKey = keyof typeof zhCN;

/**
 * The same texts for channels that show numbered lists instead of buttons and have no command
 * menu (WeChat, the terminal): nothing says 点 or 按钮, nothing asks for a slash command. Every
 * language has exactly these variants (en.ts), which the compiler checks.
 */
export const zhCNNumbered = {
  greeting:
    "您好，这里是民情直通车。您可以在这里反映诉求、提出建议，我们会转给负责的单位办理，并告诉您进展。\n" +
    "隐私说明：您的姓名和电话只给办理您诉求的工作人员看，不会公开，也不会告诉其他人。可以选择匿名。\n" +
    "随时回复“取消”放弃，回复“帮助”查看说明。",
  help:
    "使用说明：按提示回复数字选择类别、地点，描述情况（可发图片、文件、语音），留下联系方式或匿名，确认后提交。\n" +
    "直接发消息就可以开始反映。回复“查询”查看我的诉求，“查询 查询码”查看一件，“取消”取消，“English”切换为英文。\n" +
    "回复“关联账号”关联另一个平台的账号，“首选”让通知优先发到这个账号。",
  area_not_found: "没有找到“{input}”。请回复下面的数字，或换个写法再试（例如“东坡村”或“东坡”）。",
  ask_description:
    "请描述您遇到的情况：什么事、什么时间、涉及谁、希望怎么解决。可以分几条发送，也可以发图片、文件或语音。写完后回复“写完了”。",
  description_progress: "已记下（共 {chars} 字，{files} 个附件）。可以继续补充，写完后回复“写完了”。",
  ask_phone: "请输入手机号（11 位），方便办理人员联系您；不想留可以回复“跳过”。",
  phone_invalid: "“{input}”不是有效的手机号。请输入 11 位手机号，例如 138 0013 8000，或回复“跳过”。",
  description_edit_hint: "请重新描述情况，新的描述会替换原来的文字（附件保留）。写完后回复“写完了”。",
  cancelled: "已取消，刚才填写的内容没有保存。需要时直接发消息重新开始。",
  nothing_to_cancel: "现在没有进行中的诉求。直接发消息就可以开始反映。",
  expired: "由于较长时间没有回复，刚才未提交的诉求已自动取消，内容没有保存。需要时直接发消息重新开始。",
  choose_from_list: "请回复选项前的数字。",
  language_unknown: "回复“中文”或“English”切换语言。",
  unknown_command: "不认识这个命令。回复“帮助”查看说明。",
  idle_hint: "直接发消息就可以反映诉求，回复“查询”查看进展。",
  status_none: "您还没有提交过诉求。直接发消息就可以开始反映。",
  bind_usage: "工作人员绑定：回复“绑定 绑定码”。",
  link_code:
    "要把另一个平台（微信或 Telegram）上的账号和这个账号关联，请在那个账号上向民情发送：\n关联账号 {code}\n{minutes} 分钟内有效，只能用一次。关联后，两个账号的诉求都能用“查询”查看。请不要把这个码告诉别人。",
  link_ok: "已关联。两个账号的诉求现在都能用“查询”查看（从这个账号转入 {count} 件）。",
  link_invalid: "关联码不对或已过期。请在另一个账号上重新发送“关联账号”获取新码。",
  notice_ack:
    "{delayed}您的诉求已登记，并已转给{unit}。\n查询码：{code}\n按规定，办理单位应在 {date} 前决定是否受理。回复“查询 {code}”可随时查看进展。",
  // A numbered line may be read far from its notice, so it names the case (see zhCN).
  action_accept: "受理 {code}",
  action_more: "更多操作 {code}",
  // Returning after a pause (see zhCN).
  resume_offer: "您上次“{name}”还没提交，继续填写吗？回复 1 或“继续”接着填，回复 2 或“重新开始”重新填写。",
} satisfies Partial<Record<MessageKey, string>>;

export type NumberedKey = keyof typeof zhCNNumbered;
