# ruff: noqa: E501  (written text, one item per line so each reply reads and diffs on its own)
"""Riverton PD conversations on X: @RivertonPD, @RivertonPDTraffic, mentions and quote posts.

Format: see :mod:`engage.demo_data.threadscript`. Everything here is fictional.
"""

SCRIPT = r"""
## xt-cedar-bridge x RivertonPDTraffic 2026-09-21 06:45 likes=48
TRAFFIC: Starting today, SR-17 over the Cedar Bridge is down to one lane each way, 7am-7pm weekdays, for deck repairs. Expected to last about three weeks. Give yourself an extra 10-15 min or use the Bypass.
> tinaloves_tacos: three WEEKS?? my commute is already 40 min 😩
>> RPDT: We hear you. The Bypass at Exit 9 has been moving well this morning if that route works for you.
> gravelroad_greg: Is the pedestrian walkway staying open?
>> RPDT: Yes, the walkway on the north side stays open. The south walkway is closed for the duration.
>>> gravelroad_greg: 👍 thanks
> hank_the_tank77: They just redid that bridge like 4 years ago lol where does the money go
>> kbell_rvt: that was the Market St bridge, Cedar hasnt been touched since the 90s
>>> hank_the_tank77: huh. ok fair
> jmoraless: Are the school buses going to be rerouted? My kids bus comes across from Southbend
>> RivertonPD: Riverton Schools says buses from Southbend will use the Bypass during the work and may run 5-10 minutes late. Their transportation line is (555) 307-4100.
> odessa_runs: Please enforce the speed limit in the work zone. People fly through there and those workers are right next to traffic.
>> RPDT: Agreed. Expect extra patrols in the work zone, and fines double there when workers are present.
> BigMikeDelmar: one lane at 7am on a monday, genius planning 👏
> nurse_kat_rn: Any chance night work instead? I get off at 7 and sit in this mess both ways
> dtrain_harlan: Just sat 25 minutes on the east side approach. Not 10-15.

## x-missing-kayla x RivertonPD 2026-09-22 20:15 likes=310 reposts=1450
MISSING: Kayla Moreno, 15, was last seen around 3:30pm today near the Eastgate Transit Center. 5'3", about 110 lbs, dark curly hair, wearing a gray hoodie and black leggings with a purple backpack. If you see her or know where she is, call 911 or (555) 304-2200.
> jess_in_eastgate: Sharing. Praying she gets home safe 🙏
> marcus_t_brooks: Shared in the Eastgate parents group.
> auntie_rochelle: Praying for this baby. Please come home Kayla
> mikeyfromthe6: why is this the first time im hearing about this. she been missing since 3:30 and yall post at 8??
>> RPD: Missing person reports are often made a few hours after someone is last seen. We posted as soon as the report was taken and a photo was cleared by the family.
>>> mikeyfromthe6: ok thats fair. hope they find her
> Tamika_J_RN: Retweeted. Eastgate is so close to the highway, please hurry
> ChrisP_Eastgate: Is there a photo you can share? Hard to look for someone from a description
>> RPD: Photo is attached to the post. If it's not loading for you: https://rivertonpd.example/missing
> gr8fulgrandma: Shared on FB too
> yolanda_rvt #es: Compartido. Ojalá aparezca pronto, Dios la cuide
> lowkeyLeon: probably ran off w her boyfriend tbh
>> jess_in_eastgate: she's 15. Read the room.
>>> lowkeyLeon: just saying it happens a lot
>>>> Tamika_J_RN: doesnt matter why shes gone. a 15 yr old is out there tonight
> CryptoKingDrew #spam: 💰 Turn $500 into $5,000 in 7 days. DM me for the signal group 🚀📈
> danielle_m_w #urgent: I think I just saw a girl matching this at the QuikTrip on Kessler, gray hoodie purple backpack, she got in a red car just now
>> RPD +6m: Thank you. Please call 911 right away with anything you saw (car, plate, direction). We've passed this to the officers working the case.
>>> danielle_m_w: called, they said an officer is heading there
> RPD +1d17h: UPDATE: Kayla has been found safe and is back with her family. Thank you to everyone who shared and called in tips.
>> jess_in_eastgate: Oh thank God 😭🙏
>> auntie_rochelle: Praise God. Thank you officers
>> marcus_t_brooks: Great news. Thanks for the update
>> lowkeyLeon: told yall
>>> gr8fulgrandma: nobody cares what you told us
>> CryptoKingDrew #spam: Happy for the family! 💯 Also check my pinned for FREE crypto signals 🚀
>> ChrisP_Eastgate: Where was she? Is she ok?
>>> RPD: She is safe. Out of respect for her and her family's privacy we won't share more details.

## x-cwc x RivertonPD 2026-09-23 11:00 likes=95
☕ Coffee with a Cop is back! Saturday Oct 3, 8-10am at Bean There Cafe on Grand Ave. No speeches, no agenda, just coffee and conversation with the officers who work your neighborhood. First cup's on us.
> bean_there_grand: We'll have the good pastries out 🥐 see everyone Saturday!
>> RPD: You're the best. Thanks for hosting again!
> kelsey_reads: Love this. Will the Northside officers be there or just downtown?
>> RPD: Officers from all four districts are coming, including Northside.
> SkepticalSteve_: Coffee and donuts, how original
>> bean_there_grand: we have croissants actually 😤
>>> SkepticalSteve_: lol ok that got me
> mrs_okafor: Can I bring my kids? My son wants to be a police officer
>> RPD: Absolutely! Bring them. There might even be stickers.
> pjdoesntpost: How about coffee with the cop who blew the stop sign on Harlan yesterday with no lights on
> ACAB_4ever_rvt #abusive: coffee with a pig lmao no thanks I'd rather drink bleach
> grandpa_walt_52: I went to the last one. Nice folks. Officer Diaz helped me with a problem on my street.
> ellie_bee_mom: Saturday mornings are soccer 😭 any evening ones planned?
>> RPD +3d: We're looking at a weeknight one in November. Stay tuned!
> rollin_rob_22 #urgent: theres a guy with a gun outside the Kroger on 5th RIGHT NOW waving it around
>> RPD +38m: If this is happening now please call 911 immediately. This account isn't monitored 24/7 and can't dispatch officers. We've alerted dispatch to check the area.
>>> rollin_rob_22: cops already there now. 4 cars
> rvt_native_88: Bean There has the best cold brew in town fr
> marisol_reyes_: Is it wheelchair accessible? Bean There has a step at the front
>> bean_there_grand: Ramp on the side door by the patio! ♿ See you there
> sunnydaze_jo: see yall there ☕

## x-burglary-arrest x RivertonPD 2026-09-25 14:00 likes=210
ARREST: Detectives have arrested two men, 19 and 22, in connection with a string of 11 residential burglaries in Northside since July. Several stolen items, including firearms, were recovered. Thanks to the neighbors who shared doorbell video. Charges are pending with the DA.
> northside_nina: FINALLY. They hit my neighbor twice. Thank you detectives
> Dave_Kowalski: Great work. Now keep them locked up this time
>> jtrinh_law: Bail isn't up to the police, it's up to the judge. Call your state reps if you want that changed
>>> Dave_Kowalski: I know how it works. Still frustrating
> bri_on_birch: Is there a way to get my stuff back if it was in what you recovered? We lost a laptop and my grandmas ring
>> RPD +25m: Yes. Call the Property Crimes unit at (555) 304-2275 with your case number and they'll check it against the recovered items.
>>> bri_on_birch: THANK YOU calling now
>> RPD +2h: Also, if you don't have your case number, bring ID to HQ (400 Market St) and the front desk can look it up.
> theo_runs_rvt: Names?
>> RPD: Names will be released once charges are filed.
> mama_bear_lyn: Northside has been a mess all summer, you guys need more patrols up here period
> yungcapone_rvt: snitches in the neighborhood i see 👀
> KateHoward_Nside: Shout out to the Ring camera crew on Poplar St 😂 we did it
> truth_hurts_24: and what about the car break ins on Oak Hollow? nobody's doing anything about those
> KellyAnn_R: Thank you! Our whole block has been on edge.
> poplar_st_pete: does this include the garage break ins on Poplar in August?
> DM_for_promo_rvt #spam: Promote your music/brand to 50K real followers 💯 DM NOW

## xt-speedcams x RivertonPDTraffic 2026-09-30 09:15 likes=130
Reminder: automated speed cameras in the school zones on Grand Ave, Kessler Blvd and Division St go live Monday Oct 12. Warning notices only for the first 30 days, then citations. Cameras operate only during posted school zone hours.
> txn_taxpayer: cash grab. plain and simple
>> RPDT: Revenue from the program goes to the school safety fund by city ordinance. The goal is slower speeds around kids, and a camera that writes zero tickets would be a success.
>>> txn_taxpayer: sure it would
> hollisave_hanna: THANK YOU. People do 45 past Lincoln Elementary every single morning.
> bigtruck_benny: so who gets the ticket if my wife is driving my truck
>> RPDT: Citations go to the registered owner, like a parking ticket. They don't add points to a license.
> cdiaz_photo: Are they fixed or mobile?
>> RPDT: Fixed, with signs posted ahead of each one.
> MrsPatel_teaches: As a teacher on Division St, this is overdue. Thank you.
> libertarian_lou: Unconstitutional. You can't cross-examine a camera.
>> jtrinh_law: courts in this state have upheld them for civil citations. Not saying I love them but they're legal
>>> libertarian_lou: legal doesn't mean right
> 2fast4rvt #abusive: yall are a joke. go catch real criminals you lazy clowns
> pam_sorensen: Can we get one on Birch Ln? It's not a school zone but it's a speedway.
>> RPDT: Cameras are limited to school zones under state law. Send us the location (DM is fine) and we'll schedule traffic enforcement there.
> odessa_runs: good. slow down people
> kayyyla_b: wait does this apply on weekends
>> RivertonPD: No, only during posted school zone hours on school days. The signs flash when they're active.

## x-hiring x RivertonPD 2026-09-29 12:00 likes=74
We're hiring! Police Officer (entry and lateral). Starting pay $58,400, $5,000 signing bonus for laterals, paid academy, take-home car after probation. Next written test is Saturday Oct 17. Apply by Oct 9: rivertonpd.example/careers
> future_ofc_jay: Applied! Is there a physical test the same day?
>> RPD: Yes, the fitness assessment follows the written test after lunch. Details are in your confirmation email.
>>> future_ofc_jay: appreciate it 🙏
> laura_v_nguyen: Do you hire people with glasses/contacts?
>> RPD: Yes. Vision must be correctable to 20/20. Glasses and contacts are fine.
> armyvet_marco: Is there a veterans preference?
>> RPD: Yes, 5 points added to the written score for veterans. Bring your DD-214.
> ExCopTurnedBaker: Starting pay went up, good. Now fix the mandatory OT and you'll keep people.
> rvt_bartender: 58k to get shot at? pass
> lissette_r #es: ¿Hay pruebas en español o todo es en inglés?
>> RPD: El examen escrito es en inglés, pero tenemos bono por ser bilingüe ($2,400 al año). Los oficiales bilingües son muy necesarios.
>>> lissette_r #es: Gracias!! Voy a aplicar
> marcela_w: Does the age limit go up for laterals?
> quietmike_: With the way you people treat the public, who'd want to work there
> becca_runs_rvt: Is there a woman recruiter I could talk to? Nervous about the academy
>> RPD: Yes! Officer Tran runs our women in policing recruiting program. recruiting@rivertonpd.example, she'd love to hear from you.
> JG_crossfit: How many pushups do you need lol asking for a friend
>> RPD: 😄 For the fitness test it's 25 pushups in one minute, 30 situps and a 1.5 mile run under 15:54 for the entry standard.

## xt-train x RivertonPDTraffic 2026-09-29 16:40 likes=22
Freight train stopped on the Division St crossing. Cross traffic is blocked. Use the Kessler Blvd overpass until it clears.
> hollisave_hanna: Again?? This is like the third time this month
>> RPDT: We've asked the railroad about it. Blocked crossings can be reported to the Federal Railroad Administration's blocked crossing portal, which tracks repeat locations.
> ambulance_andy: Fyi EMS is staging on the Kessler side
> divisionst_dee: 45 minutes and counting 🙃
> kellen_w: just moved. finally

## x-scam x RivertonPD 2026-09-28 10:30 likes=165 reposts=340
SCAM ALERT: People are getting calls from someone claiming to be a "Lieutenant" with RPD, saying they missed jury duty and have a warrant, and can avoid arrest by paying with gift cards or Bitcoin. It's fake. We will never call you to demand payment. Hang up and report it at (555) 304-2200.
> gr8fulgrandma: They called my husband last week! He almost went to Walgreens for the cards. Scary.
>> RPD: Glad he didn't. Please report the number that called him, it helps us track the ring.
> deb_from_millcreek: They used the real RPD phone number on caller ID! How??
>> RPD: Caller ID is easy to fake ("spoofing"). If in doubt, hang up and call us back at the number on our website.
> TechieTony: Spoofing is trivial. Telecoms should be fined for not blocking this stuff.
> old_sarge_1970: Tell people: no government agency takes gift cards. Ever.
> recover_funds_pro #spam: I lost $40k to a scam but Agent Mark at @recoveryhelpdesk_ got it ALL back!! Contact him now 🙏🙏
>> deb_from_millcreek: this is also a scam lol
>>> TechieTony: the scammers are in the scam warning replies. incredible
> Rosalind_P: Reported. They called me from 555-304-1198
>> RPD: Thank you, Rosalind. Passed to our Financial Crimes detective.
> kaylee_r_b: my grandpa lost $2,000 to this exact thing in august, is there any way to get it back?
>> RPD: We're so sorry. Have him file a report (555-304-2200 or online) and ask his bank about the gift card issuer's fraud line right away. Sometimes funds can be frozen if reported quickly.
>> RPD +1d6h: Following up: our Financial Crimes detective would like to talk with your grandpa directly. Please have him call (555) 304-2281, ask for Det. Lindqvist.
> theo_runs_rvt: If they're calling from overseas what can you even do
> jen_hollis: Sharing w my mom rn
> harlan_heights_hoa: Posting this on the HOA board, we have a lot of retirees
> spam_bot_9921 #spam: Hot singles in Riverton want to meet you 😍 link in bio

## x-stopdata x RivertonPD 2026-10-01 15:00 likes=88
Our Q3 traffic stop data is now published, broken down by district, reason for stop, outcome, and the driver's perceived race and gender. We publish this every quarter so residents can hold us accountable. Data and methodology: rivertonpd.example/transparency
> civicdata_rvt: Appreciate the CSV and not just a PDF. Search rate for Black drivers is still about 2x white drivers in District 3 though. What's being done about that?
>> RPD: That disparity is on the agenda for the Oct 15 Police Advisory Board meeting, and District 3's command staff will present on it. Meetings are public and streamed.
>>> civicdata_rvt: Will be there. Thanks for answering.
> ms_fontaine: Hit rate on those searches?
>> civicdata_rvt: Column M. Lower for Black drivers than white drivers, which is kind of the whole point
> BlueLineBarb: You'll never make the activists happy. Keep doing your jobs.
>> ms_fontaine: Wanting searches to be fair isn't "activism"
> jtrinh_law: Credit where due, most departments in the state don't publish this at all.
> SkepticalSteve_: "perceived race" so officers are guessing? lol
>> RPD: Yes. That's how state law requires it to be recorded, because stops are about how an officer perceives a driver before any ID is checked.
> DelmarDad: Numbers don't mean much when your officers profile people on Delmar every night
> rvt_native_88: ok nerds

## x-uof-initial x RivertonPD 2026-10-04 19:45 likes=420 reposts=380 heat=4
We are aware of a video circulating that shows part of an arrest on Delmar Ave late Saturday night. We take this seriously. The officers' body-worn camera footage is being reviewed by our Professional Standards Unit, and we will release it within 5 business days, consistent with our policy.
> DelmarDad ^212: "Part of an arrest." You tased a man who was walking away and then put a knee on his back. We all saw it.
> justiceforDH ^340: His name is Darnell Hayes. He was going to the store. #JusticeForDarnell
> BlueLineBarb: Wait for the full video before you crucify these officers. You never see what happened before the phone came out.
>> DelmarDad: We've been "waiting for the full video" for 30 years
>>> BlueLineBarb: and sometimes the full video shows the cop was right. Patience.
>>>> justiceforDH: patience for who? he's in the hospital
> ms_fontaine: Why 5 business days? The footage exists right now.
>> RPD: The policy allows time to blur bystanders' faces and minors, and to notify the people involved before release. We're working to release sooner if possible.
>>> ms_fontaine: Please do. Every day you wait people assume the worst.
> kaylee_r_b: Is he ok?? is he still in the hospital
> old_sarge_1970: 25 years on the job. Taser on a non-compliant subject is within policy almost everywhere. Let the process work.
>> hollisave_hanna: "non-compliant" he was walking away
>>> old_sarge_1970: walking away from a lawful detention IS non-compliance. That's literally the definition.
>>>> jtrinh_law: Only if the detention was lawful to begin with. Which is the question.
> rvt_student_union: Students at RCC will be at City Hall Monday 5pm. Bring signs.
> pjdoesntpost: "We take this seriously" lmao every time
> ACAB_4ever_rvt #abusive: fucking pigs. every single one of you should be fired
> Dave_Kowalski: Thank you for being transparent about the timeline.
> mama_bear_lyn: My nephew was there. He said the cops were yelling at everybody to back up, it was chaos
> TruthSeeker_1776: Guy had priors. Look it up.
>> DelmarDad: priors don't make it ok to tase someone in the back
> keisha_writes: Which officers? Names and badge numbers. Now.
> grandpa_walt_52: Praying for everyone involved. This city needs to come together.
> nightowl_rvt: I live on Delmar. Saturday nights are crazy out here. Cops get called constantly. Nobody talks about that part.
> lil_tae_rvt: they do this to us on delmar every weekend fr. this time somebody filmed it
> BigMikeDelmar #threat: somebody needs to find out where that cop lives. lets see how tough he is at home
> BobbieSueK: Why are you letting people threaten officers in your replies??
> jmoraless: My son is 17 and lives 3 blocks from there. I'm scared for him. What do I tell him?

## x-dog x RivertonPD 2026-10-10 09:10 likes=260
FOUND DOG 🐶 This sweet boy was found wandering near Mill Creek Park early this morning. Brown and white, very friendly, no collar, no chip. He's hanging out at HQ with our desk staff and eating all their snacks. Know him? Call (555) 304-2200.
> dogmom_deanna: LOOK AT THAT FACE 😍
> Tamika_J_RN: He looks like my neighbors dog on Willow! Texting her now
>> Tamika_J_RN: nvm hers is home 😅
> pjdoesntpost: finally a post i can get behind
> sunnydaze_jo: He looks so happy at the desk lol
> kelsey_reads: If no one claims him can I adopt him???
>> RPD: If no owner comes forward in 5 days he'll go to Riverton Animal Services for adoption. We'll post!
> BigMikeDelmar: ok this is cute i'll give you this one
> nate_from_mill_creek: Pretty sure that's Biscuit!! He belongs to the family on Alder Ct, they've been posting flyers. Calling them
>> RPD +40m: It's Biscuit! His family just picked him up. Thank you Nate 🐾
>>> dogmom_deanna: 😭😭 happy ending
>>> nate_from_mill_creek: Best news all week
> corgi_cult_rvt: Protect him at all costs
> vet_tech_val: If nobody claims him, Mill Creek Animal Hospital will rescan him for a chip for free. Sometimes the scanner at the shelter misses
> ACAB_4ever_rvt #abusive: even the dog knows to stay away from you pigs
>> sunnydaze_jo: you really couldn't let people have one nice thing

## x-storm x RivertonPD 2026-10-12 21:30 likes=140 reposts=210
Severe thunderstorm warning for Riverton until 11:30pm, with flash flooding likely in low areas. Please stay off the roads if you can. Turn around, don't drown: 6 inches of moving water can knock you off your feet. Road closures will be posted by @RivertonPDTraffic.
> weatherwatch_rvt: Radar looks nasty coming in from the southwest. Stay safe everybody
> jess_in_eastgate: Power out in Eastgate
>> RPD: Report outages to Riverton Power & Light at (555) 309-1100, they have crews staged tonight.
> nurse_kat_rn: I have to drive to the hospital for my shift at 11. Is Kessler underpass ok?
>> RPDT +8m: Kessler underpass is CLOSED, water over the road. Take Grand to Division. Please be careful.
>>> nurse_kat_rn: thank you!! 💙
> ana_lucia_vg #urgent #es: Hay un carro atrapado en el agua en Mill Creek Rd cerca del puente, hay gente adentro!!!
>> RPD +4m #es: Llame al 911 ahora mismo. Ya avisamos a los bomberos y a despacho. No entre al agua.
>>> ana_lucia_vg #es: ya llegaron los bomberos, gracias
> TechieTony: Tornado sirens going off on the west side, is that real?
>> RPD: Yes, the county issued a tornado warning for the west side until 10:15. Take shelter in an interior room now.
> deb_from_millcreek: Water is up to the mailboxes on Creekview Dr
>> RPD +12m: Thank you. Officers are blocking Creekview at Mill Creek Rd. If water is coming into your home and you need help, call 911.
> kbell_rvt: stay dry officers
> lowkeyLeon: Nice time for my car windows to be broken lol
> coachTee_rvt: all RHS practices canceled tmrw fyi
> stormchaser_rvt: Rotation on radar just south of Southbend moving NE. Take this seriously folks

## xt-floods x RivertonPDTraffic 2026-10-12 22:10 likes=110 reposts=190
ROAD CLOSURES (flooding): Mill Creek Rd at the low water crossing, Kessler Blvd underpass at the railroad, Creekview Dr, and Harlan Ave between 2nd and 4th. Do NOT drive around barricades.
> kellen_w: Riverside Dr by the park is also under water
>> RPDT +15m: Thanks, confirmed. Adding Riverside Dr at Mill Creek Park.
> dtrain_harlan: Harlan between 2nd and 4th is like a river lol
> some_guy_in_a_jeep: drove thru it just fine in my Wrangler 😎
>> RPDT: Please don't. Barricades are there because people have been swept off that crossing before. It's also a citation.
>>> some_guy_in_a_jeep: ok ok
> pam_sorensen: Will these be open by the morning?
>> RPDT +8h: Update 6:30am: Harlan Ave and Creekview are open. Mill Creek Rd and the Kessler underpass are still closed until crews inspect them.
> odessa_runs: Thank you for these updates, really helpful

## xt-floods-update x RivertonPDTraffic 2026-10-13 14:20 likes=38
All flood closures are now cleared except Mill Creek Rd at the low water crossing, which has damage to the roadway. Expect it closed through at least Friday.
> mill_creek_mike: Thats my whole route to work. Any detour suggestions?
>> RPDT: Riverside Dr to SR-17 is the best bet. Adds about 6 minutes.
> hank_the_tank77: this crossing floods every year, when is the city going to build a real bridge
> pam_sorensen: 🙏 thanks for the updates through the night

## x-uof-review x RivertonPD 2026-10-14 17:00 likes=390 heat=3
Update on the Oct 3 Delmar Ave arrest: The officer who deployed the Taser has been placed on administrative leave, standard for any Professional Standards investigation. We have also asked the State Investigative Division to conduct an independent review. A community forum will be held Tue Oct 20, 6:30pm, Delmar Community Center.
> DelmarDad: Administrative leave = paid vacation
>> old_sarge_1970: it's not a vacation, it's standard procedure so the investigation is clean
>>> DelmarDad: standard procedure that never ends in consequences
> ms_fontaine: An independent review is the right call. Thank you.
> justiceforDH: What about the second officer? The one with the knee?
>> RPD: The second officer's actions are part of the same investigation. He is currently assigned to non-patrol duties.
>>> justiceforDH: not good enough
> BlueLineBarb: So you hang your officer out to dry because twitter got mad. Shameful.
>> hollisave_hanna: nobody is being hung out to dry. it's an investigation
> jtrinh_law: Will the SID review findings be made public?
>> RPD: Yes. The Chief has committed to releasing the SID findings in full when they're complete.
> keisha_writes: Will the chief be at the forum or just PR people?
>> RPD: Chief Whitfield will attend and answer questions, along with the Professional Standards commander.
> mama_bear_lyn: 6:30 on a weekday is hard for working people. Will it be streamed?
>> RPD +20h: Yes, it will be streamed live on the City's YouTube channel and recorded.
>> RPD +21h: It will also air on City cable channel 16 and be posted on our website afterward.
> pjdoesntpost: We'll see.
> kaylee_r_b: How is Darnell doing?
> Dave_Kowalski: Appreciate the transparency through all of this
> lil_tae_rvt: forum gon be the same people yelling at each other lol

## x-uof-bwc x RivertonPD 2026-10-09 16:00 likes=5200 reposts=2300 heat=9
As promised, we are releasing the body-worn camera footage from the Oct 3 arrest on Delmar Ave, from both officers, along with the 911 call and dispatch audio. Warning: the video contains force and strong language. Full unedited footage: rivertonpd.example/bwc/2026-1003 (1/2)
> RPD +1m: The Professional Standards investigation is ongoing and no conclusions have been reached. We are releasing this now because the public deserves to see what we've seen. (2/2)
>> DelmarDad ^890: "The public deserves to see what we've seen" then why are 40 seconds missing between the two cameras
>>> RPD: Nothing is cut. Officer 2's camera was activated about 40 seconds after Officer 1's, when he arrived on scene. The timestamps on both files show this. Camera activation timing is part of the investigation.
>>>> DelmarDad: convenient
>>>> ms_fontaine: Thank you for explaining. That should be in the original post honestly.
> justiceforDH ^1400: He said "I'm going home" three times. THREE. And you tased him in the back. #JusticeForDarnell
>> BlueLineBarb ^210: He was told to stop twice before that. You can hear it clear as day.
>>> justiceforDH ^480: being told to stop isnt a death sentence
>>>> BlueLineBarb: nobody died. and a taser is literally the alternative to a gun
>>>>> hollisave_hanna: "nobody died" is a really low bar for a city police department
> old_sarge_1970 ^320: Watched it twice. The 911 caller said a man matching his description had a gun. Officers didn't know he didn't. That changes everything about the first 30 seconds.
>> keisha_writes ^610: and once they saw his hands were empty? the knee was AFTER the cuffs were on. Watch 2:14.
>>> old_sarge_1970: I saw it. That part I can't defend. Should be looked at.
>>>> keisha_writes: appreciate that honestly
>> jtrinh_law: The 911 call matters for reasonable suspicion. It doesn't justify force after he's restrained. Both things can be true.
> TruthSeeker_1776 ^150: Full video shows he pulled away. Media lied again. Case closed.
>> lil_tae_rvt ^220: pulled away from getting slammed yeah
>> DelmarDad: "case closed" lmao you watched with the sound off
> pjdoesntpost: Glad you released it. That's more than most departments do. Still looks bad.
> ACAB_4ever_rvt #abusive: pigs gonna pig. every one of you in that video deserves what's coming
> kaylee_r_b: i couldn't finish watching it. this is so sad. i hope he's ok
> nightowl_rvt: Who called 911 and said he had a gun? Is that person getting charged for a false report?
>> RPD: We're reviewing the 911 call. Knowingly making a false report is a crime, but a mistaken report is not. We can't say more while the investigation is open.
>>> nightowl_rvt: fair enough
> rvt_student_union ^430: Protest at City Hall Saturday 2pm. Peaceful. Bring water. #JusticeForDarnell
>> BobbieSueK: Peaceful like last time when somebody broke the windows at Deluca's?
>>> rvt_student_union: That was 2020 and it wasn't us. Nice try.
> grandpa_walt_52: Hard to watch. I pray the city heals. Both officers have families too.
> Dave_Kowalski: Releasing this in 5 days is a big deal. I know people are angry but this is what transparency looks like.
>> justiceforDH: transparency would be firing the officer
>>> Dave_Kowalski: after an investigation. not before. that's how due process works for cops and for everyone else
> mama_bear_lyn: My nephew is in the background at 1:50. He was telling them he can't breathe. Nobody listened
> TechieTony: Why is the audio muted for the first 30 seconds of cam 1?
>> RPD: The cameras record video for 30 seconds before activation without audio (the "buffer"). That's how the camera works, not an edit. Audio begins when the officer activates it.
>>> TechieTony: Ok that makes sense, didn't know that.
> BigMikeDelmar: yall keep releasing videos and nothing ever changes
> SkepticalSteve_: 40 seconds "missing" and the taser camera footage not included. Convenient.
>> RPD: Taser camera footage is being released Monday after redaction of a bystander's face. Nothing is being withheld.
>>> SkepticalSteve_: we'll see monday
>>>> RPD +3d2h: The Taser camera footage has been added to the same page: rivertonpd.example/bwc/2026-1003
> quietmike_: This is why people don't call you.
> rvt_bartender: he was a regular at my bar. nicest dude. never caused a problem. this makes me sick
> ms_fontaine: Your own policy says to de-escalate when time and circumstances allow. 11 seconds from contact to Taser. Where was the de-escalation?
>> old_sarge_1970: 911 call said gun. That's why.
>>> ms_fontaine: And when no gun was found they kept going. That's my point.
> BlueLineBarb: Thank you RPD. Most of us support you even if we're not loud on here.
>> ACAB_4ever_rvt #abusive: nobody cares what you think karen go lick a boot
>>> BlueLineBarb: and there it is. the "peaceful" side.
> cdiaz_photo: I was at the scene as a photographer. The crowd was loud but nobody threatened officers. Happy to give a statement to SID.
>> RPD: Thank you. Please contact the State Investigative Division directly at (555) 410-7700, they're handling independent witness interviews.
> marcela_w: My brother is an officer in another city. He watched this and said it's bad training, not a bad person.
>> DelmarDad: the training is the person's job
> southbend_sam: Defund. Put the money in mental health responders.
>> BobbieSueK: and who do the mental health people call when someone pulls a knife
>>> southbend_sam: the cops. that's fine. they just shouldn't be the first call for everything
> lowkeyLeon: 2:14 is wild. watch it
> TruthSeeker_1776: Dude had priors for resisting. Google is free.
>> keisha_writes: his record isn't on the body cam. the officer didn't know his name until after
>>> TruthSeeker_1776: officer knew enough
>>>> jtrinh_law: He didn't, actually. You can hear them run his name at 4:40. After the cuffs.
> Tamika_J_RN: As an ER nurse, a knee on a handcuffed person's back is positional asphyxia risk. This is taught everywhere.
> hank_the_tank77: Not watching that. Just tell me if the cop is getting fired
> kbell_rvt: I respect you for releasing this. I don't respect what's in it.
> yungcapone_rvt: delmar dont forget 🤞🏾
> mikeyfromthe6: why did it take 3 cops to cuff one guy who was already on the ground
> Rosalind_P: I've lived in Riverton 40 years. We've had worse chiefs. Let this one do the right thing.
> coachTee_rvt: Darnell coached 8U flag football with me. The kids are asking about him. Please just do right by him.
> theo_runs_rvt: did he actually have a gun or not? the video is confusing
>> jtrinh_law: No. No weapon was found. It's in the dispatch audio at the end.
> the_real_ryan_c: the comments on here are unhinged from both sides
>> lil_tae_rvt: one side is tasing people bro
> DelmarDad: Chief Whitfield please put the 911 call transcript up as text too. Not everyone can listen to audio.
>> RPD: Good point. A transcript of the 911 call and dispatch audio has been added to the page.
> wake_up_rvt #abusive: this department is a gang with badges and you're all complicit you sick fucks
> ExCopTurnedBaker: I did 12 years at a dept like this. The knee after cuffs would've had me in front of a review board. Good that it's being reviewed.
> sunnydaze_jo: This is heartbreaking. Nobody wins here.
> trish_n_rvt: My husband is an RPD officer. He's getting threats at our house now. I hope the people sharing his address feel proud.
>> hollisave_hanna: that's not ok. nobody should be threatened at home. I'm sorry
>> ACAB_4ever_rvt #abusive: maybe he should get a real job
>>> trish_n_rvt: we have a 4 year old
> gravelroad_greg: Question: why was only one side of the street blocked off? Lots of people filming from the other side
> BlueLineBarb: 40 seconds! You heard them explain it. Buffer. It's not a coverup
> rvt_native_88: they gonna give him paid leave and call it justice
> keisha_writes: Also, who's the supervisor that signed off on the use of force report the same night? Are they under review too?
>> RPD: Supervisory review of the use of force report is part of the Professional Standards investigation.
> nurse_kat_rn: Watched it at work on break. Had to go sit in my car for a while.
> proudpops_42: Video speaks for itself. Officer tried to detain, guy fled, officer used the least lethal tool. Done.
>> Tamika_J_RN: and then put a knee on a handcuffed man for 40 seconds. that part speaks for itself too
> ana_lucia_vg #es: Muy triste lo que le pasó a este joven. Necesitamos justicia y paz en Riverton.
> odessa_runs: For anyone struggling with this, the Riverton Community Health crisis line is (555) 300-8080 and 988 works 24/7.
> tired_in_rvt #selfharm: honestly after watching this i dont see the point of anything anymore. been thinking i'd be better off not waking up
>> odessa_runs: please reach out to 988 tonight, you matter 💛
>> RPD +52m: We're really sorry you're feeling this way. Please call or text 988 right now, it's free and open 24/7. If you're in immediate danger call 911. You don't have to go through this alone.
>>> tired_in_rvt: thank you. texted them
> BobbieSueK: Will the officers be back on patrol before the investigation ends?
> DM_for_promo_rvt #spam: Want to go viral like this post?? 📈 We grow accounts FAST. DM us
> jen_hollis: Why do your officers still not have their names on the uniforms?
> libertarian_lou: Government agents use force on unarmed man, government investigates itself. Shocked.
>> jtrinh_law: SID is a state agency, not RPD. Still government, but not the same department.
> Mo_from_market_st: I watched the 911 call part. Caller sounds drunk. Why would anyone act on that with a taser
>> old_sarge_1970: because if there IS a gun and you don't act, someone dies. Officers don't get to know in advance
>>> Mo_from_market_st: then slow down and find out
>>>> old_sarge_1970: with a possible gun? easy to say from a couch
>>>>> Mo_from_market_st: easy to tase from a cruiser too
> chloe_b_writes: Journalist at the Riverton Ledger here. Can someone from PIO confirm whether the officers had prior complaints?
>> RPD +2h: Hi Chloe, please email pio@rivertonpd.example and Sgt. Bell will get back to you today.
>> RPD +3h: Also, the complaint history request has been logged as an open records request. We'll respond within the statutory 10 days.
> kellen_w: Thank you for the transparency. Not easy to watch.
> pam_sorensen: Can we please keep the comments civil. People are hurting on every side.
> riverton_rising: #JusticeForDarnell forum Tuesday. Be there.
> KateHoward_Nside: If the guy had just stopped none of this would have happened
>> DelmarDad: if the officer had just listened none of this would've happened
>> lil_tae_rvt: if the caller didnt lie none of this wouldve happened
>>> KateHoward_Nside: fair point actually
> sneaky_pete_77 #threat: Delmar gonna handle it ourselves if yall dont. district 3 station aint that far
> ellie_bee_mom: I don't know what to tell my kids about this
> pastor_james_rvt: Grace Fellowship on Delmar will be open tonight at 7 for anyone who needs to pray, talk, or just sit. All welcome.
> genx_grumbler: watched it 5 times and still can't make out what the first officer yells at 0:08
>> lowkeyLeon: "stop, police" i think. audio is bad
> bikecop_fan: everyone in here is a use of force expert now lol
> armyvet_marco: Army MP for 8 years. Cuffed subject, knee on the back for 40s is not how we were trained. Period.

## x-fooddrive x RivertonPD 2026-10-15 10:00 likes=120
🚔🥫 STUFF THE CRUISER! Help us fill patrol cars with non-perishable food for the Riverton Community Food Bank. Sat Oct 24 & Sun Oct 25, 10am-4pm, Westfield Mall (Sears entrance lot). Most needed: peanut butter, canned protein, cereal, diapers.
> foodbank_rvt: Thank you RPD! Last year you collected 6,200 lbs. Let's beat it 💪
>> RPD: Challenge accepted 😎
> gr8fulgrandma: Can we drop off early at HQ?
>> RPD: Yes! There's a collection bin in the HQ lobby, 400 Market St, open 24/7.
> MrsPatel_teaches: Our 3rd graders are doing a canned food contest for this!
>> RPD: That's amazing. If the class wants to, an officer can come pick it up in a cruiser. DM us!
>>> MrsPatel_teaches: They will lose their minds. DMing now
> SkepticalSteve_: PR stunt after the Delmar thing
>> foodbank_rvt: They've done this for 9 years fwiw
>>> SkepticalSteve_: noted
> joe_plumbing_rvt: Riverton Plumbing will match every cruiser filled with a $500 donation. Let's go
>> RPD: Wow, thank you Joe! We'll make sure every cruiser gets counted 🙌
> cindy_lou_rvt: Do you take pet food?
>> foodbank_rvt: We do! Pet food pantry is a big need.
> bored_at_work_99: Is the Sears entrance the one by the food court?
> lissette_r #es: ¿Aceptan fórmula para bebé? Tengo latas sin abrir
>> RPD #es: ¡Sí, por favor! La fórmula sin abrir y sin vencer es muy necesaria. Gracias.

## x-fooddrive-live x RivertonPD 2026-10-24 13:30 likes=65
We're at Westfield Mall until 4! Two cruisers full already and a third one filling up. Come say hi, bring a can, meet K9 Rook (he's very good, do not give him your snacks).
> dogmom_deanna: K9 Rook!! Bringing my kids
> joe_plumbing_rvt: That's $1,000 so far, we're keeping count 😂
> KellyAnn_R: Dropped off 2 bags, officers were super nice
> mall_walker_maude #urgent: Someone is trying car doors in the back lot by the theater RIGHT NOW, white hoodie, going row to row
>> RPD +3m: Thanks, officers at the drive are walking over now. If you see it again call 911.
>>> mall_walker_maude: they're talking to him now
>>>> RPD +1h: Update: one person detained, two vehicles had been entered. Thanks for speaking up.
> rvt_native_88: rook is the goodest boy
> 2fast4rvt: stuff the cruiser with donuts lol

## x-fooddrive-results x RivertonPD 2026-10-26 10:00 likes=240
THANK YOU RIVERTON! Stuff the Cruiser collected 8,430 lbs of food, 1,100 diapers, and $4,850 in cash donations (including $3,500 from Riverton Plumbing 👏). That's a record. The Food Bank says this will stock their shelves through Thanksgiving.
> foodbank_rvt: Y'all are amazing. Thank you thank you thank you
> joe_plumbing_rvt: Proud to be part of it. Same time next year
> MrsPatel_teaches: Room 112 donated 214 cans! The kids saw their picture on your page and screamed
>> RPD: Room 112 for the win! 🏆 Tell them thank you from all of us.
> Rosalind_P: Beautiful. This is what community looks like
> pjdoesntpost: ok this is good
> ACAB_4ever_rvt #abusive: cool now return what you stole from darnell
> gr8fulgrandma: God bless you all

## x-missing-harold x RivertonPD 2026-10-20 21:40 likes=180 reposts=980
SILVER ALERT: Harold Pruitt, 81, has dementia and left his home in Oak Hollow around 5pm driving a silver 2011 Buick LaCrosse, plate RVT-4417. He may be confused and trying to get to his old job in Millbrook. If you see him or the car, call 911.
> nana_joan_oh: I know Harold from church. Praying. His wife must be so scared
> ambulance_andy +20m: Shared with all the EMS crews on tonight
> truckin_tom_rvt: Driving I-35 north to Millbrook right now, will keep eyes out
> beth_millbrook +35m: Shared in Millbrook community page
> TechieTony: Do these Silver Alerts go on the highway signs?
>> RPD: Yes, the state DOT posts them on highway message boards statewide once issued.
> marcus_t_brooks: Praying he's ok. It's supposed to drop to 35 tonight
> late_shift_lupe #urgent: silver buick parked at the rest stop on SR-17 south, mile 42, an older man sitting in it, engine running. is this him??
>> RPD +9m: Thank you! Please call 911 now with that location. We've passed it to dispatch as well.
>>> late_shift_lupe: called. state trooper coming
>>>> late_shift_lupe: not him. different plate. sorry 😞
>>>>> RPD +20m: Don't be sorry, that's exactly the kind of call that finds people. Thank you.
> RPD +11h: UPDATE: Harold has been found safe in Millbrook, about 40 miles away, by a store employee who recognized him from this post. He's being checked out at the hospital as a precaution. Thank you all.
>> nana_joan_oh: THANK YOU LORD 🙏🙏
>> beth_millbrook: Heard it was the Casey's on Route 9! Millbrook looks out for people
>> marcus_t_brooks: Great news 👏
>> old_sarge_1970: Good work everyone

## x-trunk x RivertonPD 2026-10-22 13:00 likes=150
🎃 Trunk-or-Treat at RPD HQ! Saturday Oct 31, 4-7pm, 400 Market St parking lot. Candy, patrol cars, K9 Rook, the Fire Dept's ladder truck and a costume contest for kids (and officers 👀). Free and open to everyone.
> sunnydaze_jo: Officers in costumes?? This I need to see
>> RPD: Rumor is the Chief is going as something big this year. We're sworn to secrecy.
> mrs_okafor: My son is going as a police officer again 😂
>> RPD: Tell him to come find us, we need the backup 👮
> ellie_bee_mom: Are there allergy-friendly options? My daughter has a peanut allergy
>> RPD: Yes, we'll have a teal pumpkin table with non-food treats and peanut-free candy. 🧡
>>> ellie_bee_mom: You just made a 6 year old very happy
> kelsey_reads: Is there parking or should we walk?
>> RPDT: Parking at the city garage across Market St is free that evening, and Market St stays open.
> DelmarDad: Maybe skip the candy and show up on Delmar with some answers
> corgi_cult_rvt: Can dogs come in costume
> lil_tae_rvt: free candy from the cops is crazy
> wake_up_rvt #abusive: can't wait to watch the pigs pretend they're human for one night

## x-uof-forum x RivertonPD 2026-10-21 09:30 likes=210 heat=2
Thank you to the 300+ residents who came to the Delmar community forum last night, and to everyone who watched online. We heard you: people want faster video release, names on uniforms, and an independent civilian review board. Chief Whitfield will respond to each of these in writing by Nov 6.
> ms_fontaine: Written responses by a date. That's more than I expected. Holding you to it.
> DelmarDad: We'll see on Nov 6.
> keisha_writes: Will the written response be public? Or emailed to "stakeholders"?
>> RPD: Public. It will be posted here and on our website.
> justiceforDH: Darnell's mom spoke for 3 minutes and got cut off. Shameful.
>> pam_sorensen: Everyone got 3 minutes, I think that was the format. Her speech was powerful though.
> BlueLineBarb: 300 people out of a city of 180,000. Most of us are fine with how things are.
>> hollisave_hanna: most people don't have time to sit in a gym on a Tuesday. doesn't mean they're fine
> old_sarge_1970: Civilian review boards work when they have real access to files. Otherwise it's theater.
> jtrinh_law: Good forum. The Professional Standards commander was straightforward.

## x-uof-response x RivertonPD 2026-11-06 14:00 likes=640 heat=3
As promised at the Oct 20 forum, Chief Whitfield's written response: (1) BWC video of serious force incidents released within 72 hours, starting Dec 1; (2) name tapes on all uniforms by Jan 1; (3) the Chief supports a civilian review board with subpoena power and will ask City Council to create one. Full letter: rivertonpd.example/forum-response
> ms_fontaine ^320: 72 hours and a review board with subpoena power. That's real. Thank you for following through.
> DelmarDad ^180: Credit where it's due. This is more than I thought we'd get. Now Darnell's case.
>> RPD: The SID review of the Oct 3 arrest is still underway. The Chief has committed to releasing its findings in full.
> BlueLineBarb: Subpoena power for unelected activists over our officers. Terrible.
>> jtrinh_law: Council appoints the members. Same as the planning commission.
>>> BlueLineBarb: Still don't like it
> justiceforDH: Promises are easy. Darnell still can't work.
> old_sarge_1970: Name tapes should have been standard years ago. Good.
> Rosalind_P: Proud of this city for showing up and proud of the Chief for listening
> rvt_student_union: This happened because people showed up. Remember that.
> TruthSeeker_1776: Chief caved to the mob
>> keisha_writes: the "mob" is residents asking for things most cities already have
> civicdata_rvt: Will the 72-hour releases be published to the same transparency portal?
>> RPD: Yes, same portal, with the incident report and a plain-language summary.
>>> civicdata_rvt: 👍

## x-halloween-safety x RivertonPD 2026-10-30 12:00 likes=70
Halloween safety: 🎃 Reflective tape or a flashlight for costumes 🎃 Kids under 12 with an adult 🎃 Check candy before eating 🎃 Drivers: SLOW DOWN in neighborhoods 4-9pm. Have fun and stay safe, Riverton!
> hank_the_tank77: no "rainbow fentanyl in the candy" warning this year? progress
> mrs_okafor: Which neighborhoods have the most trick or treaters? We're new to Oak Hollow
>> nana_joan_oh: Oak Hollow is great! Willow and Alder streets go all out
>>> mrs_okafor: thank you neighbor!
> coachTee_rvt: Happy Halloween RPD 👻
> KateHoward_Nside: Is the Halloween parade still on with the weather?
>> RPDT: Yes! Parade is on. Road closures are posted on our page.

## xt-parade x RivertonPDTraffic 2026-10-28 11:00 likes=40
HALLOWEEN PARADE CLOSURES Fri Oct 30: Market St from 1st to 8th and Grand Ave from Market to Division closed 5-9pm. No parking on the route after 3pm, vehicles will be towed.
> bored_at_work_99: towed?? kind of harsh
>> RPDT: It's so floats can get through. We post signs 48 hrs ahead and towing is the last resort.
> divisionst_dee: How am I supposed to get home from work on Division
>> RPDT: Division stays open east of Grand. Use Kessler to get around the route.
> kellen_w: Love the parade. See everyone there 🎃

## x-fallback x RivertonPD 2026-10-31 18:00 likes=55
Reminder: Daylight saving time ends tonight at 2am, clocks go back one hour. Good time to check your smoke alarm batteries too. Enjoy the extra hour of sleep 😴
> sunnydaze_jo: best night of the year
> nurse_kat_rn: night shift gets to work an extra hour for free 🙃
>> RPD: We feel that one. Half our patrol shift is working the extra hour too. ☕
> theo_runs_rvt: can we just stop changing the clocks
> grandpa_walt_52: My wife changed all the clocks Thursday and we were an hour early to everything Friday
> pjdoesntpost: Trunk or treat was great tonight! Chief as a giant hot dog was not on my bingo card
>> RPD: 🌭 The Chief would like everyone to know the costume was her idea.

## x-fentanyl x RivertonPD 2026-11-02 11:30 likes=310
ARREST: After a 4-month investigation, narcotics detectives and the DEA arrested 3 people and seized 2.1 kg of fentanyl, 4 firearms and $38,000 in cash from homes in Southbend and Eastgate. That's enough fentanyl for thousands of lethal doses kept off Riverton streets.
> Dave_Kowalski: Outstanding work
> southbend_sam: Which street in Southbend? I have kids
>> RPD: The residences were on the 1200 block of Pierce St and the 800 block of Tulane Ave in Eastgate. There is no ongoing danger to neighbors.
> recovering_rj: lost my brother to fent in 2023. thank you. wish someone had done this sooner
>> RPD: We're so sorry about your brother. If you or someone you know needs help, Riverton Recovery Network is at (555) 300-4357, and free naloxone is available at every fire station.
> libertarian_lou: War on drugs has failed for 50 years. This changes nothing.
>> recovering_rj: it changes something for the people who won't od on this batch
> theo_runs_rvt: the dealers get out in 6 months anyway
> kbell_rvt: great job
> yungcapone_rvt: 38k aint even that much lol
> Tamika_J_RN: We see overdoses in the ER every single shift. Thank you.
> sober_since_21: 4 years clean. narcan saved my life twice. please keep carrying it
> BlueLineBarb: This is what police are for. Great work.

## x-election x RivertonPD 2026-11-02 16:00 likes=95
Election Day is tomorrow, Nov 3. Officers will NOT be stationed at polling places. We'll respond to calls like any other day. Problems at a polling location (intimidation, blocked entrances) should be reported to 911 or the County Election Office at (555) 300-8683. Every eligible voter should be able to vote safely.
> civicdata_rvt: Good. Police presence at polls can intimidate people, glad this is clear.
> TruthSeeker_1776: So who stops the fraud?
>> jtrinh_law: election judges and the county. that's their job
>>> TruthSeeker_1776: sure
> marcela_w: Can someone campaign right outside the door?
>> RPD: State law sets a 100-foot buffer around polling place entrances for campaigning. The election judges enforce it and can call us if needed.
> rvt_native_88: go vote yall 🗳️
> lissette_r #es: ¿Hay ayuda en español en las casillas?
>> RPD #es: Sí, muchas casillas tienen jueces bilingües. También puede llamar a la Oficina Electoral al (555) 300-8683 para ayuda en español.
> SkepticalSteve_: Why post this at all? Nobody asked
>> civicdata_rvt: people did ask, there were rumors in the neighborhood groups

## x-hollis-shooting x RivertonPD 2026-11-06 23:50 likes=160
Officers are on scene of a shooting in the 900 block of Hollis St. One adult male was taken to Riverton General with non-life-threatening injuries. No suspect in custody. Avoid the area. Anyone with information or video: (555) 304-8477 (TIPS), you can stay anonymous.
> hollisave_hanna: I heard like 6 shots. Scary. My kids were asleep
> mikeyfromthe6: third one on hollis this year
> night_owl_nurse: Is it safe to walk to my car on 10th? I get off at midnight
>> RPD +25m: There's a heavy police presence in the area now. If you'd like, call the non-emergency line (555) 304-2200 and an officer can meet you in the parking lot.
>>> night_owl_nurse: thank you, did that, officer walked me out
> DelmarDad: Where's all the energy you put into Delmar traffic stops
> jen_hollis: Doorbell camera caught a car speeding off right after. Where do I send it?
>> RPD: Thank you! Please upload it at rivertonpd.example/tips or call (555) 304-8477 and a detective will arrange to get it.
> Mo_from_market_st: Prayers for the guy. Hope he's ok
> hollis_resident_x #urgent: theres still someone sitting in a car with the lights off at 9th and hollis been there 20 min, looks like they're watching the scene
> RPD +10h: UPDATE: The victim, 27, is in stable condition. Detectives believe the shooting was targeted and not random. The investigation continues. Tips: (555) 304-8477.
>> hollisave_hanna: targeted doesn't make me feel much better but thank you
>> mikeyfromthe6: any arrests?

## x-veterans x RivertonPD 2026-11-11 08:00 likes=230
On Veterans Day we thank everyone who served, including the 41 veterans who serve Riverton today as RPD officers and staff. 🇺🇸 Thank you for your service, twice over.
> armyvet_marco: 🇺🇸 Thank you RPD. Proud to be one of the 41 (almost, academy starts in Jan!)
>> RPD: Welcome aboard, Marco! See you in January 🇺🇸
> grandpa_walt_52: Korea era Navy. God bless all of you
> old_sarge_1970: USMC 88-92 then 25 years on the street. Semper Fi
> BigMikeDelmar: respect to the vets
> navy_wife_nikki: 🇺🇸 thank you to my husband and everyone who served
> spam_bot_9921 #spam: Veterans!! You qualify for a $6,400 grant. Claim here now before it expires ⬇️

## x-missing-tyrese x RivertonPD 2026-11-12 19:00 likes=200 reposts=1100
MISSING: Tyrese Coleman, 13, didn't come home from Riverton Middle School today. Last seen around 3:15pm walking toward Harlan Heights. 5'0", slim, black puffer jacket, red backpack, blue Nike shoes. Please call 911 or (555) 304-2200 if you see him.
> auntie_rochelle: Oh no. Sharing everywhere. Come home baby
> coachTee_rvt: Tyrese plays for our rec league. Coaches are out driving around Harlan Heights now
>> RPD +15m: Thank you Coach. If you find him please call 911 so officers can cancel the search and let his mom know.
> Tamika_J_RN: Retweeted. Please please let him be ok
> lowkeyLeon: 13 and out past dark in november smh parents
>> auntie_rochelle: keep that to yourself tonight
> harlan_heights_hoa: Shared with all 400 homes in the HOA, people are checking garages and sheds
> mrs_okafor: Is there a search party forming?
>> RPD +20m: Please don't form search parties on your own tonight. It's dark and it can get in the way of the search. Check your own property, cameras and sheds, and call in anything you see.
> RPD +4h10m: UPDATE: Tyrese has been found safe at a friend's house in Harlan Heights. He's home with his mom. Thank you everyone!
>> coachTee_rvt: 🙏🙏🙏 thank God
>> auntie_rochelle: PRAISE. Thank you RPD
>> harlan_heights_hoa: Great news, thank you for the quick updates

## x-porch x RivertonPD 2026-11-17 10:00 likes=85
Porch pirate season is here. 📦 Ship to a locker or your workplace if you can, use delivery instructions to hide packages, and if your doorbell cam catches something, file a report at rivertonpd.example/report so we can connect cases.
> KateHoward_Nside: They took 3 boxes from my porch yesterday on Poplar! Filed a report.
>> RPD: Thank you Kate. Multiple reports from one street help detectives spot patterns.
> bri_on_birch: Does anyone actually get their stuff back tho
>> RPD: Sometimes! Last December detectives recovered over 200 packages from one suspect in Eastgate. Reports are how we connect the dots.
> TechieTony: Amazon Lockers at the Kroger on 5th are a lifesaver
> SkepticalSteve_: Or you could, you know, patrol
> amanda_b_rvt: Someone is literally going porch to porch on Juniper Ln right now in a white Honda
>> RPD +1h: If it's happening now please call 911 so officers can respond. We didn't see this in time, sorry. Please file a report if anything was taken.
> cindy_lou_rvt: Got a package lockbox off Amazon for $40, best thing ever
> ring_doorbell_rita: Caught mine on camera last week, filed the report and uploaded the clip 🙌
> joe_plumbing_rvt: lol someone stole a package from my shop and it was a toilet flange. enjoy buddy

## x-academy x RivertonPD 2026-11-19 15:00 likes=380
Congratulations to the 14 recruits of Academy Class 2026-2 who graduated today! 🎓 They'll spend the next 16 weeks with field training officers before patrolling on their own. Welcome to Riverton, officers.
> proudpops_42: That's my daughter second from the left!! So proud 🥹
>> RPD: Congratulations to her and to you! 🎉
> future_ofc_jay: Next class is me. Let's goooo
>> RPD: See you in January, Jay!
> Rosalind_P: Congratulations. Be kind, be fair, be safe.
> DelmarDad: Train them on de-escalation. For real this time.
>> old_sarge_1970: they get 40 hours of it now, was 8 when I started
> marcela_w: Congratulations to all 14!
> quietmike_: more cops for delmar great
> ExCopTurnedBaker: Congrats kids. Take care of each other.
> fto_wife_rvt: Proud of my husband, he's an FTO for two of them 💙

## x-thanksgiving x RivertonPD 2026-11-22 11:00 likes=140
🦃 RPD and the Riverton Rescue Mission are giving away 500 turkey dinner boxes Tue Nov 24, 3-6pm at the Eastgate Community Center, while they last. No ID, no questions. Happy Thanksgiving, Riverton.
> foodbank_rvt: ❤️❤️❤️
> jess_in_eastgate: This means a lot in Eastgate this year. Thank you
> cindy_lou_rvt: Can I volunteer?
>> RPD: Yes! Sign up with the Rescue Mission at (555) 302-7700, they're still short volunteers for the 3pm shift.
> lowkeyLeon: free turkey? say less
> eastgate_pastor_ray: Our church vans can bring seniors who can't drive. Call the church office
> nana_joan_oh: Will there be a drive through option for seniors?
> yolanda_rvt #es: ¿Necesito registrarme antes o solo llego?
>> RPD #es: No necesita registrarse, solo llegue. Es gratis y no piden identificación.

## xt-ice x RivertonPDTraffic 2026-11-13 06:10 likes=75 reposts=120
ICY ROADS: Multiple crashes on the Cedar Bridge and the Bypass overpasses this morning. Bridges freeze first. Slow down and leave extra distance. Cedar Bridge eastbound is closed while we clear a 4-car crash.
> dtrain_harlan: Just watched a guy spin out on the Exit 12 ramp. Be careful out there
> nurse_kat_rn: Made it to work, it's bad on Grand too
> hank_the_tank77: where are the salt trucks???
>> RPDT: Street crews have been out since 3am. Bridges refreeze fast even after treatment. Public Works: (555) 309-2000.
> truckin_tom_rvt: Semi jackknifed on the Bypass NB just past Exit 14, blocking the right lane
>> RPDT +6m: Thank you, units en route. Avoid Bypass NB near 14.
> odessa_runs: 👍 stay safe officers
> first_winter_fatima: First winter driving here from Phoenix. Any tips?? I'm scared lol
>> RPDT: Slow down, double your following distance, brake early and gently, and treat every bridge like it's ice. And welcome to Riverton! ❄️
> maria_g_rvt #es: ¿Ya abrieron el puente Cedar hacia el este?
>> RPDT #es: Sí, el puente ya está abierto en ambas direcciones. Maneje con cuidado.

## xt-dui x RivertonPDTraffic 2026-11-20 15:00 likes=120
Thanksgiving travel: extra DUI patrols and a sobriety checkpoint this week, Tue Nov 24 through Sun Nov 29. Wednesday night before Thanksgiving is one of the worst nights of the year for drunk driving. Plan a ride. It's that simple.
> old_sarge_1970: Blackout Wednesday. Worked it 20 years. Please get a ride.
> libertarian_lou: Checkpoints are unconstitutional
>> jtrinh_law: SCOTUS says otherwise (Michigan v. Sitz, 1990)
>>> libertarian_lou: SCOTUS has been wrong before
> rvt_bartender: As a bartender: we will call you an uber. Please let us.
>> RPDT: Thank you for that. Bartenders save lives.
> bigtruck_benny: Where's the checkpoint gonna be?
>> RivertonPD: Locations are announced the day of, as required by state law.
> 2fast4rvt: cool so yall will be hiding behind the billboard on Kessler again
> sunnydaze_jo: Happy Thanksgiving officers 🦃

## xt-holiday-parade x RivertonPDTraffic 2026-11-20 17:30 likes=45
Holiday Lights Parade Sat Nov 21: Market St (1st-8th) closed 4-9pm, staging on Grand Ave from 2pm. Free shuttle from Westfield Mall every 15 min starting 3:30.
> kellen_w: The shuttle is clutch
> divisionst_dee: again with Market st closed 😩
> mrs_okafor: Is the shuttle stroller friendly?
>> RPDT: Yes, the shuttles are low-floor buses with room for strollers and wheelchairs.
> KateHoward_Nside: ❄️🎄 can't wait
> vendor_vic_eats: can food trucks set up on Grand during staging?

## xt-school-zone x RivertonPDTraffic 2026-11-09 08:30 likes=60
School zone cameras: 30-day warning period ends today. In the first 4 weeks, 1,912 warnings were mailed, and speeds in the zones dropped an average of 7 mph. Citations start now.
> hollisave_hanna: 7 mph!! Amazing. Thank you
> txn_taxpayer: 1,912 x $75 = $143,400 a month. Totally not about money
>> RPDT: In the warning period it's $0, and 81% of drivers who got a warning haven't been caught again. Fewer tickets is the goal.
>>> txn_taxpayer: ok that's a decent stat i'll admit
> bigtruck_benny: got a warning, was doing 28 in a 20 at 7:10am. kids weren't even out yet
>> hollisave_hanna: they're literally walking at 7:10. that's when school starts
> MrsPatel_teaches: Pickup is so much calmer now. Thank you.

## xm-noise x RivertonPD 2026-09-26 23:40 kind=mention author=sleepless_in_oh
@RivertonPD is there any point calling about the street racing on Kessler every friday night? its 11:40 and it sounds like a nascar race
> night_owl_nurse: It's every weekend. Called 3 times this summer
> RPD: Yes, please call the non-emergency line (555) 304-2200 when it's happening. Calls let us see the pattern and assign patrols on those nights. We'll pass this to the District 2 lieutenant.
>> sleepless_in_oh: ok will do. thanks for answering

## xm-pothole x RivertonPD 2026-09-30 08:10 kind=mention author=bikes_n_coffee
@RivertonPD not your department probably but there is a pothole the size of a bathtub on Harlan at 3rd and someone's gonna lose a wheel
> RPD +25m: Not ours, but we'll pass it on! You can also report it to Public Works with the Riverton 311 app or at (555) 309-2000.
>> bikes_n_coffee: ty 🙏

## xm-ledger x RivertonPD 2026-10-05 10:15 kind=mention author=RivertonLedger
Riverton Police say body-worn camera video of Saturday's Delmar Ave arrest will be released within 5 business days. The man arrested remains hospitalized. @RivertonPD declined to identify the officers. Our story: riverton-ledger.example/delmar
> justiceforDH: why won't they name the officers
> old_sarge_1970: Standard practice until the investigation is done.
> ms_fontaine: Thanks for covering this, Ledger.

## xm-ledger-reply x RivertonPD 2026-10-05 12:40 kind=mention author=hollisave_hanna parent=external
@RivertonLedger @RivertonPD did anyone ask why the caller said he had a gun?

## xm-thanks x RivertonPD 2026-10-07 17:55 kind=mention author=single_dad_dev
Shoutout to @RivertonPD Officer Reyes who changed my flat tire on the Bypass in the rain today with my two kids screaming in the back seat. Didn't have to do that. Thank you.
> RPD: Thank you for sharing this! We'll make sure Officer Reyes and her sergeant see it. 🙌
> Rosalind_P: This is the stuff that doesn't make the news
> pjdoesntpost: ok thats nice

## xm-fireworks x RivertonPD 2026-10-18 22:30 kind=mention author=rvt_insomniac
@RivertonPD fireworks going off on Tulane Ave for the last hour, its a Sunday night people have work
> lowkeyLeon: someone's birthday probably lol

## xm-abuse x RivertonPD 2026-10-10 01:15 kind=mention author=wake_up_rvt tags=abusive
@RivertonPD you tased a man for walking home you cowards. hope you all rot
> BlueLineBarb: touch grass

## xm-gun-threat x RivertonPD 2026-10-11 02:05 kind=mention author=delmar_4_life_ tags=threat
@RivertonPD yall want a war on delmar you got one. next cop that rolls through gonna find out
> BobbieSueK: Reported this account. @RivertonPD are you seeing this?
>> RPD: We've seen it and it has been referred to our Criminal Intelligence unit. Thank you for flagging.

## xm-selfharm x RivertonPD 2026-11-03 00:40 kind=mention author=lost_n_rvt tags=selfharm
@RivertonPD i'm the guy you arrested last month for the dui. lost my job, my wife took the kids. i have a bottle of pills in front of me and i dont care anymore
> RPD +5h50m: We're glad you reached out. Please call or text 988 right now, they're there 24/7. We're also sending an officer and a crisis counselor to check on you. You matter, and this can get better.
>> lost_n_rvt: please dont send cops
>>> RPD +6m: It's a crisis counselor from the Riverton Community Health team with an officer, only to make sure you're safe. No one is coming to arrest you. Can you text 988 while you wait?
>>>> lost_n_rvt: ok. texting them
> kind_stranger_amy: Please stay. Someone out there loves you. 💛

## xm-catalytic x RivertonPD 2026-10-28 07:40 kind=mention author=bri_on_birch
Third catalytic converter stolen on Birch Ln in a week @RivertonPD. Mine was one. $2,700 to replace. What is happening
> RPD: We're sorry, Bri. Please make sure it's reported (rivertonpd.example/report) so it's linked with the others. Property Crimes is working Birch and Oak Hollow as a series. Engraving your VIN on the converter helps us trace them.
>> bri_on_birch: reported. how do I get the VIN engraved
>>> RPD +50m: The Riverton Auto Parts on Division does it for free this month in partnership with us. No appointment needed.
> KellyAnn_R: 2 on our street too. It's the same white van every time
>> RPD: If you have video of the van please upload it at rivertonpd.example/tips. That could be a big help.

## xm-spanish x RivertonPD 2026-10-19 13:20 kind=mention author=don_rafa_rvt tags=es
@RivertonPD ¿Dónde puedo recoger el reporte del accidente de mi hijo? No encuentro la información en español
> RPD +40m #es: Buenas tardes. Puede pedir el reporte en la ventanilla de Registros, 400 Market St, lunes a viernes de 8 a 5, o en línea en rivertonpd.example/registros. Tenemos personal que habla español.
>> don_rafa_rvt #es: Muchas gracias, muy amables

## xm-dog-bite x RivertonPD 2026-11-15 16:05 kind=mention author=amanda_b_rvt tags=urgent
@RivertonPD a loose pit bull just charged me and my daughter at Mill Creek Park playground. It's still running around near the swings.

## xm-shooting-news x RivertonPD 2026-11-07 08:30 kind=mention author=rvt_scanner_news
Overnight: 27-year-old man shot on Hollis St, stable at Riverton General. @RivertonPD says the shooting was targeted. It's the 14th shooting in Riverton this year, down from 19 last year.
> mikeyfromthe6: "down from 19" like thats good news
> TechieTony: It kind of is? Fewer people getting shot

## xm-noise-2 x RivertonPDTraffic 2026-11-18 07:55 kind=mention author=dtrain_harlan
@RivertonPDTraffic traffic light at Harlan & Division is stuck on red both ways, people just running it
> RPDT +12m: Thanks, an officer is heading there to direct traffic and Public Works has been notified.
>> dtrain_harlan: officer's here now 👍

## xm-hiring-quest x RivertonPD 2026-10-02 12:10 kind=mention author=laura_v_nguyen
@RivertonPD do you still hire people with an old misdemeanor? I got a possession charge at 19, I'm 27 now
> RPD: It depends on the offense and how long ago, so it isn't automatically disqualifying. A recruiter can tell you before you apply: recruiting@rivertonpd.example or (555) 304-2290.
>> laura_v_nguyen: thank you so much, emailing them

## xq-bwc-1 x RivertonPD 2026-10-09 16:40 kind=quote quotes=x-uof-bwc author=riverton_rising
Watch 2:14. That's all you need to see. #JusticeForDarnell
> lil_tae_rvt: 2:14 😡
> justiceforDH: every single person in riverton needs to see this
> TruthSeeker_1776: watch 0:30-0:45 too. he turned and reached

## xq-bwc-2 x RivertonPD 2026-10-09 17:05 kind=quote quotes=x-uof-bwc author=old_sarge_1970
Retired cop here. The first 30 seconds are defensible given the 911 call. What happens at 2:14 isn't. Both things can be true and I wish more people on both sides would say it.
> keisha_writes: respect
> BlueLineBarb: Disappointed in you Sarge
>> old_sarge_1970: I'd rather be honest than loyal to a mistake

## xq-bwc-3 x RivertonPD 2026-10-09 18:20 kind=quote quotes=x-uof-bwc author=RivertonLedger
Riverton Police released body-worn camera video tonight of the Oct 3 arrest of Darnell Hayes on Delmar Ave, with the 911 call. The officer's union said the video "shows officers responding to a report of a man with a gun." Story: riverton-ledger.example/bwc

## xq-bwc-4 x RivertonPD 2026-10-10 09:15 kind=quote quotes=x-uof-bwc author=BlueLineBarb
The mob has already decided. Watch the WHOLE video before you call for anyone's job.

## xq-bwc-5 x RivertonPD 2026-10-09 21:50 kind=quote quotes=x-uof-bwc author=ACAB_4ever_rvt tags=abusive
pigs release video of pigs being pigs, tell you to trust the pig investigation 🐷🐷🐷

## xq-dog x RivertonPD 2026-10-10 10:05 kind=quote quotes=x-dog author=corgi_cult_rvt
Riverton's most wanted 🐶 (wanted for being a very good boy)

## xq-response x RivertonPD 2026-11-06 15:10 kind=quote quotes=x-uof-response author=civicdata_rvt
This is a real commitment. 72-hr video release puts Riverton ahead of every other department in the state. Now let's see the ordinance.
> ms_fontaine: The council vote is the real test

## xq-scam x RivertonPD 2026-09-28 12:00 kind=quote quotes=x-scam author=TechieTony
PSA from your local nerd: your bank, the IRS and the police will never ask for gift cards. Forward this to your parents. Then call them.
> gr8fulgrandma: Called my mom 😊

## xq-academy x RivertonPD 2026-11-19 16:20 kind=quote quotes=x-academy author=proudpops_42
My girl did it!!! Officer Sandoval 🥹👮‍♀️ proudest day of my life
> RPD: Congratulations to Officer Sandoval and her whole family! 🎉
> Rosalind_P: Congratulations!!
"""
