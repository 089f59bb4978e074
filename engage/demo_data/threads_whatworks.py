# ruff: noqa: E501  (written text, one item per line so each reply reads and diffs on its own)
"""More Riverton PD conversations on X, added for the what-works analysis (issue #21).

Appeals, surveys and questions (pull posts) and thank-yous and Q&As (networking posts), each with
questions the desk answers and questions it leaves, and the public's replies under both, so the
demo's what-works report has enough threads to say something. Added after the original demo, not
instead of it: the earlier threads are untouched. Format: see :mod:`engage.demo_data.threadscript`.
Everything here is fictional.
"""

SCRIPT = r"""
## ww-survey-safety x RivertonPD 2026-09-24 10:30 likes=35
SURVEY: How safe do you feel walking in your neighborhood after dark? Our 5-minute community survey is open until Oct 15: https://rivertonpd.example/survey
> dana_oakhill: Is the survey anonymous? I don't want my address attached to my answers.
>> RPD: Yes, it's anonymous. We don't collect names or addresses, only the neighborhood you pick from a list.
>>> pete_on_pine: Good to know, filling it out now.
>>> marisol_vega: Thanks, that makes me more comfortable answering honestly.
> greta_linwood: Will you actually publish the results or does this go in a drawer?
>> RPD: We'll publish the full results in November, including the neighborhood breakdown.
>>> sam_okafor: Appreciate that. Holding you to it 🙂
> lou_brennan: Is there a paper version? My dad doesn't do online forms.
>> ron_quarry: same question for my grandma, she'd want to do it
>> cass_delgado: libraries usually have paper copies of these things

## ww-appeal-bikes x RivertonPD 2026-09-29 14:10 likes=22
Can you help? Officers recovered six bikes behind the Dale St community center. If one is yours, message us a photo or the serial number.
> hugo_marsh: Is one of them a green Trek hybrid? Mine was taken from Elm Park in August.
>> RPD: There is a green Trek in the group. Send us the serial number or a photo and we'll check.
>>> hugo_marsh: Sent! Fingers crossed.
>>> bea_tanaka: This is great, hope you get it back Hugo
> priya_lakeside: How long do you keep recovered bikes before they're auctioned?
>> RPD: 90 days. After that unclaimed bikes go to the Riverton Bike Co-op for kids who need one.
>>> joel_ferreira: Love that they go to the co-op. Nice.
> tomas_greer: Do you need a police report number to claim one?
>> nina_albright: pretty sure they always ask for the report number
>>> tomas_greer: I never filed one, guess I'm out of luck then

## ww-qa-chief x RivertonPD 2026-10-01 16:00 likes=64
Thank you to everyone who joined last night's live Q&A with Chief Alvarez. Here are answers to the questions we didn't get to. 🧵
> wren_castillo: Did you answer the one about the crosswalk on 4th and Maple? It's dangerous for the school kids.
>> RPD: Yes: traffic engineering is adding a flashing beacon there this month, and officers will be there at school drop-off.
>>> kip_donnelly: Finally! Thank you, my kids cross there every day.
>>> wren_castillo: That's great news, thank you for following up.
> lars_whitby: What about response times in the north end? That was my question.
>> RPD: North end average response time was 11 minutes last quarter. We're adding a second evening car there from November.
>>> fern_adeyemi: Good to hear, that's a real improvement.
> ivy_rasmussen: Why do these Q&As always happen when people are at work?
>> hal_pryor: seriously, 6pm on a weekday is rough for shift workers
>>> ivy_rasmussen: yep, ignored again

## ww-appeal-witness-bus x RivertonPD 2026-10-05 09:20 likes=18
APPEAL: Were you on the number 12 bus near Harbor St around 8am on Friday? We'd like to speak to passengers who saw an argument between two men. Call (555) 304-2200 quoting 26-4471.
> jen_marlowe: Can I send a statement by email instead of calling? I work nights.
>> RPD: Yes, email appeals@rivertonpd.example with the reference number and a number we can reach you on.
>>> orla_finch: Email option is so much easier, thanks for saying.
> cole_whitaker: Do you have dashcam footage from the bus itself?
>> RPD: We've asked the transit authority for the bus cameras. Passengers' phone videos would still help.
>>> rae_simmons: Shared to the Harbor St group, someone there might have filmed it.
> dev_okoro: is the guy who started it known to you? asking because he rides every day
>> kit_larsen: they won't tell you that on here lol
>>> dev_okoro: figures. nobody ever answers the real question

## ww-thanks-foodbank x RivertonPD 2026-10-08 13:45 likes=88
Huge thanks to the volunteers at the Riverton Food Bank, who let our Eastside team join a shift today. 1,200 meals packed! 🥫
> abby_fontaine: Do you need more volunteers at these events? How do we sign up?
>> RPD: The food bank runs the sign-ups: riverton-foodbank.example/volunteer. We'll be back in December too.
>>> gus_malloy: Just signed up for December, see you there!
>>> abby_fontaine: Thanks! Signed up.
> mel_reyes: Are you collecting donations at the stations for this?
>> RPD: Yes, every station lobby has a food drive box until Nov 20.
>>> teo_banerjee: Dropping cans off tomorrow 👍
> quinn_ashby: how about spending that time answering calls instead
>> lena_frost: they can do both, it's one shift
>>> quinn_ashby: sure they can

## ww-appeal-graffiti x RivertonPD 2026-10-12 11:05 likes=15
Any information on the graffiti on the Veterans Memorial in Rose Park? You can tell us anonymously at rivertonpd.example/tips.
> arlo_brandt: Is the tips page really anonymous? Does it log IP addresses?
>> RPD: The tips page doesn't ask for your name and we don't use IP addresses to identify tipsters.
>>> sasha_moretti: Good to know, I'll pass that on to my neighbor who saw something.
> june_holloway: Who is cleaning it? Can residents help?
>> RPD: Parks is cleaning it Tuesday. They'd welcome volunteers; call Parks at (555) 307-2200.
>>> mo_haddad: I'll be there Tuesday. Let's get it done.
> vic_lindqvist: Are there cameras in Rose Park? Seems like there should be.
>> paz_urban: there's one at the parking lot I think
>>> vic_lindqvist: one camera for a whole park. brilliant.

## ww-recruit-academy x RivertonPD 2026-10-15 15:30 likes=41
We are looking for residents to join our 8-week Citizens Academy this winter. See how 911 calls are handled, ride along, ask anything. Apply by Nov 1: rivertonpd.example/academy
> noor_salah: Is there an age limit? I'm 17.
>> RPD: Applicants need to be 18, but our Youth Academy in the spring is open from 14.
>>> noor_salah: Oh nice, I'll look out for that. Thanks!
> eli_cartwright: Do the sessions run in the evening? I work days.
>> RPD: Yes, Tuesday evenings 6-8:30pm at Central Station.
>>> bree_nakamura: Evening sessions are perfect, applying now.
> gwen_oduya: what do you do with the info you collect on applicants
>> tad_rowe: probably a background check, standard stuff
>>> gwen_oduya: would be nice to hear that from them, not you

## ww-appeal-dog x RivertonPD 2026-10-19 08:40 likes=27
Can anyone identify this dog? He was found near the canal path this morning, friendly, no collar. He's safe at Riverton Animal Services.
> lydia_sorensen: Does he have a microchip?
>> RPD: Animal Services scanned him: no chip, sadly. They'll hold him for 7 days before adoption.
>>> rex_fairbanks: Poor guy. Sharing with the Canal neighbors page.
>>> lydia_sorensen: Thanks for checking. Hope his family turns up.
> ana_beltran: Where do the owners go to claim him?
>> RPD: Riverton Animal Services on Grant Ave, open 10-6 every day. Bring a photo of him with you.
>>> cy_marquez: Shared, looks like a neighbor's dog on Lock St, I've let them know.
> stu_pemberton: why is this the police's job? don't you have actual crime to deal with
>> ida_greene: officers found him on patrol, it's not that deep
>>> stu_pemberton: ok whatever

## ww-survey-parking x RivertonPD 2026-10-22 12:15 likes=19
Quick question for downtown residents: what's the biggest parking problem on your street? Reply here or fill in our short form.
> hana_kowal: Delivery trucks double-parking on Market St every morning. Can you do something?
>> RPD: Thanks, we've added Market St to the morning patrol route from Monday.
>>> lyle_chambers: That would make such a difference, thank you!
> omar_devlin: Is it legal to park across the end of my driveway if it's my own car?
>> RPD: Yes, on your own driveway entrance with your own car it's fine, as long as the sidewalk stays clear.
>>> pia_hartmann: Huh, I didn't know that. Useful answer.
> zoe_kincaid: What happens to the answers? Last time nothing changed.
>> ben_farrow: I filled out the last one too and saw nothing come of it
>>> zoe_kincaid: exactly. feels pointless

## ww-thanks-rescue x RivertonPD 2026-10-26 17:20 likes=120
Thank you to the two passers-by who helped our officer guide a lost elderly man home in Northgate yesterday. Community at its best. 💙
> tess_marlow: Was that Mr. Fields from Birch Rd? Is he ok?
>> RPD: We can't share who it was, but he's home safe and his family has been in touch.
>>> tess_marlow: Understood, glad he's safe. Thank you.
>>> dom_achebe: Lovely story. Well done everyone.
> raul_mendes: Is there a program for families of people with dementia, so officers know them?
>> RPD: Yes, the Safe Return register: families add a photo and details. rivertonpd.example/saferegister
>>> kim_lachance: Registering my mom today, didn't know this existed. Thank you!
> flo_navarro: would be nice if you thanked the 911 dispatchers too once in a while
>> gil_sutton: dispatchers never get any credit
>>> flo_navarro: nope, never

## ww-appeal-scooter x RivertonPD 2026-10-29 10:50 likes=14
Do you have doorbell camera footage from Ash Grove between 1am and 3am Saturday? We're investigating thefts of two mopeds. Please get in touch.
> nell_haywood: How do I send the video? It's too big for email.
>> RPD: Use rivertonpd.example/upload, it takes large files. Add the reference 26-5120.
>>> jack_moss: Upload link worked fine for me, took a minute.
> ike_ferris: Do you want footage even if you can't see faces?
>> RPD: Yes please: times, direction of travel and vehicles all help us.
>>> ari_goldberg: Good to know, sending ours then.
> ula_petrov: my moped was stolen in march, same street. was anyone ever caught for that?
>> cal_dunmore: doubt it, they never follow up on these
>>> ula_petrov: yeah I never heard back either

## ww-qa-halloween x RivertonPD 2026-10-30 14:00 likes=33
Trunk-or-treat is tomorrow at Central Station, 4-7pm! You asked, we answered: the most common questions below. 🎃
> maya_ostrowski: Is there parking at the station or should we walk?
>> RPD: The staff lot is open to families from 3:30. Overflow parking at the library across the street.
>>> drew_kaplan: Perfect, thanks! See you there.
> theo_lund: Are there allergy-friendly treats?
>> RPD: Yes, a teal pumpkin table with non-food treats and nut-free candy.
>>> rosa_kendrick: This is so thoughtful, my son has a nut allergy. Thank you!
> pam_quigley: why is it only 3 hours, some of us work until 6
>> jon_ibarra: 3 hours is pretty normal for these
>>> pam_quigley: still missing it though

## ww-appeal-trailer x RivertonPD 2026-11-03 09:35 likes=12
APPEAL: A white utility trailer was taken from a driveway on Fern Ave overnight. Have you seen it? It has a blue toolbox bolted to the front.
> walt_osei: Is there a reward?
>> RPD: No reward from us, but the owner may offer one. Tips go to (555) 304-2200.
>>> beth_larkin: Shared, hope it turns up.
> mira_solberg: Does it have a license plate we can look out for?
>> RPD: Yes, plate 4TR-882. Thanks for looking.
>>> rick_amundsen: Will keep an eye out on my commute.
> sol_harper: third trailer this month on the west side. any plan for patrols?
>> tia_morrow: I've been wondering the same
>>> sol_harper: guess we'll never know

## ww-thanks-storm x RivertonPD 2026-11-06 18:10 likes=95
Thank you, Riverton, for your patience during Tuesday's storm. Our officers, public works and the fire department worked through the night to clear roads.
> hal_erikson: Will you be checking on the trees that are leaning over Pine St?
>> RPD: Public works is inspecting Pine St trees Friday. Report any others at rivertonpd.example/report.
>>> ella_winthrop: Thank you, that's reassuring.
>>> hal_erikson: Great, appreciate the quick answer.
> viv_castellano: Who do we call about a downed fence from the storm?
>> RPD: That's for your insurer or landlord; if it blocks the sidewalk, call public works at (555) 307-1000.
>>> nate_oyelaran: Helpful, thanks.
> rob_kessler: still no power on Maple, who do we even complain to
>> liz_chou: the power company, not the police
>>> rob_kessler: cool, super helpful

## ww-survey-traffic x RivertonPD 2026-11-10 11:25 likes=21
Which intersection should our traffic unit focus on next month? Vote in our poll or tell us below.
> ken_abbott: 5th and Grant. People run the red every morning. Could you add an officer there?
>> RPD: 5th and Grant is on the list. We'll run enforcement there on weekday mornings in December.
>>> lea_vance: Yes! Thank you, that corner is scary.
>>> ken_abbott: Brilliant, thank you for listening.
> yara_holm: How are the results used? Do you publish them?
>> RPD: We'll post the results and what we did about the top three in January.
>>> fitz_conlan: Good, looking forward to seeing it.
> bo_ramsey: what about the speeders on Hill Rd, I've asked before
>> cleo_vaughn: Hill Rd is the worst, seconded
>>> bo_ramsey: asked three times now, nothing

## ww-appeal-wallet x RivertonPD 2026-11-13 15:05 likes=9
Lost property: a brown leather wallet was handed in at Central Station today. If you lost one near Market St, message us with a description.
> gia_prentice: Could it be mine? Lost mine near the farmers market on Saturday.
>> RPD: Message us the name on the cards and we'll check. If it matches you can pick it up at the front desk.
>>> gia_prentice: Messaged you! Thank you so much.
>>> moe_bradley: Love this, hope it's yours!
> ned_hollis: How long do you keep lost property?
>> RPD: 60 days, then cards are destroyed and cash goes to the city.
>>> ruth_pacheco: Useful to know, thanks.
> fay_odell: I lost my phone there last week and nobody called me back
>> sid_warner: call the front desk, messages get lost here
>>> fay_odell: I did. twice.

## ww-qa-winter x RivertonPD 2026-11-17 10:00 likes=28
Winter parking rules start Dec 1. You asked, we answered: the questions we get most often about the overnight parking ban.
> ora_brennan: Does the ban apply on weekends too?
>> RPD: Only on nights when a snow emergency is declared, any day of the week. We post each one here.
>>> jay_whitfield: That's clearer than the city website, thanks.
>>> ora_brennan: Thank you, good to know.
> lu_cardenas: Where can I park if my street has no driveway?
>> RPD: The Grant Ave and Library lots are free overnight during snow emergencies.
>>> ted_marchetti: Great tip, I had no idea.
> bert_kingsley: why do you tow instead of just ticketing
>> nia_lowell: plows can't get past parked cars, that's the reason
>>> bert_kingsley: still a racket

## ww-appeal-mailbox x RivertonPD 2026-09-26 11:20 likes=11
Have you seen who damaged the mailboxes on Quarry Rd on Thursday night? Please tell us, anonymously if you prefer: rivertonpd.example/tips
> dot_renwick: Should we report our damaged mailbox to you or to the post office?
>> RPD: Both, please: the post office replaces it, and our report links the cases.
>>> amos_kerr: Thanks, doing both now.
> luz_aragon: Is there a case number we should mention?
>> RPD: Yes, 26-4102.
>>> ines_fabre: Got it, thanks.
> wes_brody: this happens every fall, any plan this time?
>> kai_lindgren: same story every year honestly
>>> wes_brody: yep

## ww-survey-youth x RivertonPD 2026-10-03 13:00 likes=17
Are you 16-24? Tell us what would make you more likely to talk to an officer. Five questions, two minutes: rivertonpd.example/youth
> jade_okonkwo: Can I do it if I'm 15?
>> RPD: The survey is for 16-24, but our Youth Academy welcomes 14 and up. We'd love your ideas there.
>>> jade_okonkwo: cool, I'll ask my school about it
> rio_castaneda: Will officers see my answers?
>> RPD: No. Answers are anonymous and only the community engagement team reads the summary.
>>> mika_dorsey: ok I'll fill it in then
> ash_quintero: why would anyone your age trust a survey from the cops
>> ben_siddiqui: some of us actually want things to change
>>> ash_quintero: good luck with that

## ww-appeal-paint x RivertonPD 2026-11-01 10:10 likes=10
Do you recognize the van in these photos? It was seen when paint was thrown over cars on Lark St. Any details help.
> pru_delacroix: Is there a better photo of the plate?
>> RPD: Not yet, the plate is blurred in every frame we have. Any other footage is welcome.
>>> hal_bjornsen: Checked my doorbell cam, will upload what I have.
> vance_tully: Can I claim on insurance if nobody is caught?
>> RPD: Yes, insurers usually only need the report number, 26-5188.
>>> cora_whitlock: Good to know, thank you.
> mo_sayeed: two weeks since my car was hit and not one call back
>> tess_arnaud: same here on Lark
>>> mo_sayeed: typical

## ww-survey-station x RivertonPD 2026-11-19 09:45 likes=13
Have your say: should the Eastside station front desk open on Saturdays? Vote in our poll or reply with what you'd use it for.
> una_moriarty: Would Saturday hours include fingerprinting for job checks?
>> RPD: Yes, fingerprinting and records requests would both be available on Saturdays.
>>> una_moriarty: That would save me a day off work. Voted yes!
>>> carl_pena: Same, voted yes.
> rhea_tobin: When do you decide?
>> RPD: The poll closes Nov 30 and we'll announce the decision in the first week of December.
>>> vito_lamarr: Thanks for the timeline.
> saul_wexler: why not just answer the phone on weekdays first
>> nell_prakash: phones are a nightmare there, agreed
>>> saul_wexler: fix that first
"""
