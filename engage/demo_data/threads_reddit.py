# ruff: noqa: E501  (written text, one item per line so each reply reads and diffs on its own)
"""Riverton PD conversations on Reddit: u/RivertonPD_Official's submissions in r/Riverton and mentions.

Format: see :mod:`engage.demo_data.threadscript`. Everything here is fictional.
"""

SCRIPT = r"""
## r-hello reddit RivertonPD_Official 2026-09-21 13:00 likes=412 ratio=0.91
title: Hi r/Riverton, this is the Riverton Police Department's official account. We're going to start posting here. Tell us what you want from us.
Hi all. This is Sgt. Marcus Bell, the department's Public Information Officer, and a couple of people on my team. We've been on X and Bluesky for a while, but a lot of the real conversation about Riverton happens here, so we're going to try posting here too: traffic closures, missing person alerts, arrests, community events, and the things people ask us about.

A few ground rules so expectations are clear:

- This account is NOT monitored 24/7. If something is happening right now, call 911. Non-emergency: (555) 304-2200.
- We can't discuss open investigations or individual cases in detail.
- We'll read everything, and answer what we can during business hours.

So: what would actually make this account useful to you?
> stats_nerd_rvt: Monthly crime numbers by neighborhood, with the raw data, not just a press release saying "crime is down".
>> RPD: That's a good one and easy for us to do. We'll start posting a monthly stats thread with a link to the data portal.
>>> stats_nerd_rvt: If you actually do this I'll eat my words about this account being PR.
> riverton_transplant: Honestly, just explain why there are 6 cop cars on a street when something happens. The neighborhood FB group spirals into "shooting!!" every time and it's usually a domestic call or a medical.
>> RPD: Fair. We can't always say much while a call is active, but we can post a quick "here's what's happening, no danger to the public" more often. We'll try.
>> oldtown_landlord: This. The Nextdoor panic is exhausting.
> Ok-Tomato-4412: Will you actually answer criticism here or just delete comments?
>> RPD: We can't delete comments on r/Riverton (we're not mods), and we wouldn't want to. We'll answer criticism when we can. We won't always agree, but we'll respond.
>>> Ok-Tomato-4412: Guess we'll see
>>> Sad_Bicycle_1984: Lol they literally can't delete your comment, that's the whole point of doing it here
> MillCreekMaven: Traffic closures please. The city's traffic page is always 2 days late.
> [deleted]: [deleted]
>> delmar_ave_dan: what did he say
>>> lurker_since_09: something about the 2019 thing on Grand, it was pretty rude
> nightshift_medic: Medic here. Please push the "move over" law. We had a unit clipped on the Bypass last month.
>> RPD: Will do, and glad your crew was ok. Our traffic unit will do a move-over awareness post this fall.
> Historical-Plate-772: Can you explain what the non-emergency line actually does? I called about a guy passed out in my yard and waited on hold 25 minutes.
>> RPD: Sorry about the wait, that's too long. The non-emergency line is answered by the same dispatch center as 911, so it queues behind emergencies. Someone passed out and not responding is actually worth a 911 call, that's a medical emergency.
>>> Historical-Plate-772: Oh. I didn't want to "waste" 911. Good to know.
>>>> nightshift_medic: Please call 911 for an unresponsive person. Every time. That's what we're there for.
> kessler_commuter: Street racing on Kessler. That's all. Every. Weekend.
>> DoomScrollDaddy: +1 it sounds like a drag strip from my apartment
>>> RPD: We hear this a lot. We'll do a post about what we're doing on Kessler and what helps (calls with time and location, video).
> soccer_mom_ninja: Lost pet posts! You guys found my neighbor's cat last year and it made my week.
> Practical_Ferret_8: ACAB. No amount of reddit posts changes that.
>> Sad_Bicycle_1984: Nobody asked you to follow the account buddy
> oldtown_landlord: Post when you're doing DUI checkpoints so people don't drink and drive. Worked in my old city.
>> RPD: State law requires us to announce checkpoint locations in advance, so we'll post those here too.
> Former_RPD_dispatcher: Retired RPD dispatcher here (18 yrs). Please tell people: know your cross streets when you call. "By the Walmart" isn't an address. Saves minutes.
>> RPD: 🙏 Thank you for your service on the consoles. Yes, cross streets or a landmark plus the street name makes a big difference.
> cat_lady_cassie: Will you post the weird calls? Old Town PD in Ohio does a weekly "calls of the week" and it's hilarious
>> RPD: We'll think about it. The Sergeant is nervous about what we'd find.
>>> cat_lady_cassie: "the Sergeant is nervous" already better than most police accounts
> BrokenSprinklerHead: Post when a train blocks Division please. I've been late to work 3 times this month
> ProudRivertonian_: Welcome to the sub. Don't let us scare you off, we're like this with everyone
> seventh_street_sara: Will the Chief ever do an AMA here?
>> RPD: We're working on it! Probably after the new year.
> amateur_arborist: Not the police's department, but whoever decided to cut down the oaks on Grand should be arrested
>> MillCreekMaven: lmao valid
> EquivalentMango_33: Serious question: why should I trust anything this account says?
>> RPD: You don't have to take our word for things. That's why we'll link to data and documents when we can, so you can check. Trust gets earned over time, we know that.

## r-racing reddit RivertonPD_Official 2026-09-26 22:45 kind=mention author=kessler_commuter
title: Does RPD even care about the street racing on Kessler? It's 10:45pm on a Saturday and it's a full on drag race again
I know u/RivertonPD_Official said in that thread they'd "do a post" but it's been five days and it's happening right now. Two cars doing like 100 down Kessler between Division and the overpass, a crowd watching in the Autozone lot. Called it in, got told they'd "send someone when available". Someone is going to die out here.
> DoomScrollDaddy: Can confirm, I can hear it from Tulane. Sounds like an F1 race
> southbend_native: It's been like this since June. They moved from the Bypass after they put the cameras up there.
>> kessler_commuter: That explains a lot actually
> Born_Ad_6114: Honestly what are the police supposed to do, chase them? That's how bystanders die
>> Ill_Rhubarb_101: Block the lot they gather in. Tow the spectators' cars. Other cities have done it.
>>> Born_Ad_6114: Tow spectators for... watching? Not sure that holds up
>>>> Ill_Rhubarb_101: Some cities made it a misdemeanor to be a spectator at a street race. Works surprisingly well.
> lurker_since_09: Someone died doing this on Grand in 2019. Nothing changed after that either
> RPD +1d15h: We do care, and we know five days isn't fast. Here's what's happening: District 2 is running a Kessler enforcement detail Friday and Saturday nights through October, with the Autozone and Tractor Supply lots closed to parking after 10pm by agreement with the owners. If you see it happening, call (555) 304-2200 with the time, location, and vehicle descriptions. Video helps too, upload at rivertonpd.example/tips.
>> kessler_commuter: Ok. Thanks for actually following up.
>> DoomScrollDaddy: We'll see if it works. Genuinely hope it does
>>> RPD: So do we. We'll post an update at the end of October either way.
> [deleted]: just move lol
>> southbend_native: thanks for the insight

## r-scam reddit RivertonPD_Official 2026-09-28 10:45 likes=188 ratio=0.97
title: PSA: Scammers are calling people pretending to be RPD officers and demanding gift cards for "missed jury duty". We will never do this.
We've had 23 reports in two weeks, mostly from people over 65. The script goes like this:

1. Caller says he's "Lieutenant Harris" or "Sergeant Miller" from the Riverton Police Department.
2. He says you missed jury duty and there's a warrant for your arrest.
3. You can "clear" the warrant today by paying a fine with gift cards, Bitcoin ATM, or a wire transfer. He stays on the phone while you go buy them.

The caller ID often shows our real number (it's spoofed). None of this is real. We will never call to demand payment, and no court takes gift cards. If you get this call: hang up, and report it at (555) 304-2200 or rivertonpd.example/report.

Please talk to your parents and grandparents about this one.
> wet_basement_wendy: This happened to my dad. He was literally in line at CVS with $1,500 in Target cards when the cashier asked him what they were for and he realized. Bless that cashier.
>> RPD: Bless that cashier indeed. Store staff stop a lot of these. Glad your dad is ok.
> union_elec_local: How do they know people's names? They knew my mom's full name and address
>> RPD: A lot of that information is public (property records, data broker sites) or from old breaches. Knowing your name and address doesn't make a caller legit.
>> stats_nerd_rvt: Data brokers are the real villains here. You can opt out of a lot of them, tedious but worth it.
> Mysterious-Ad-2917: Can you trace the numbers?
>> RPD: Usually not directly, they're spoofed or VoIP numbers overseas. But reports with exact times and amounts help us and the FBI connect cases, and sometimes gift card funds can be frozen if reported fast.
> plaid_flannel_pam: My mom's church posted this in the bulletin, thank you for making it easy to share.
> jambalaya_joe: They tried this on me but said it was the Sheriff's office. Same script.
>> RPD: Same ring, probably. The county Sheriff put out a similar warning last week.
> CoolBeans_Riverton: Is there a way to block spoofed calls? I get 5 a day
>> TurbulentWeb_9: Turn on "silence unknown callers" on iPhone. Android has call screening. Game changer.
>>> CoolBeans_Riverton: did this, life changing honestly
> GrandmaGoesOnline: I'm 79 and got this call. I told him I'd call my grandson the lawyer and he hung up on ME 😂
>> RPD: Perfect response. 👏
> quietcornerofoakhollow: Thank you for this. Sent it to my 84 year old mother and she said "I know, I'm not stupid" and then admitted she got the call last week 😅
> Wealth_Recovery_Agnt #spam: I got my stolen money back with the help of a certified fund recovery expert. Send a message to "Mr. Ethan Cole" on Telegram, he is legit
>> TurbulentWeb_9: Ah yes, the scam in the scam post
>>> jambalaya_joe: Reported

## r-delmar-scanner reddit RivertonPD_Official 2026-10-04 00:20 kind=mention author=delmar_ave_dan
title: Like 8 cop cars and an ambulance on Delmar by the Quick Stop right now, people filming, anyone know what happened?
Heard a lot of yelling then sirens. People in the street. Anyone?
> nightshift_medic: Can't say anything specific but please stay back and let crews work.
> ThrowRA_rvt: My cousin posted a video on IG, they tased a guy and a cop had his knee on him. People are pissed.
>> delmar_ave_dan: jesus. is he ok
>>> ThrowRA_rvt: they took him in the ambulance. idk
> Mysterious-Ad-2917: Scanner said "man with a gun" call earlier. Maybe related
>> ThrowRA_rvt: he didn't have a gun tho, everyone out there is saying that
> RCC_junior: video is all over twitter now. this is gonna be a thing
> [deleted]: [deleted]

## r-uof-initial reddit RivertonPD_Official 2026-10-04 20:00 likes=96 ratio=0.58 heat=3
title: Statement on the arrest on Delmar Ave Saturday night
We're aware of a video being widely shared that shows part of an arrest on Delmar Ave at about 11:40pm Saturday. Officers were responding to a 911 call reporting a man with a gun outside the Quick Stop. A Taser was used during the arrest. The man was taken to Riverton General and was in stable condition this afternoon.

The body-worn camera footage from both officers is being reviewed by our Professional Standards Unit. Our policy is to release video of serious force incidents within 5 business days, and we will do that. We'll post it here when it's out.

We understand people are upset. We'll answer what questions we can in the comments, but we can't speak to what the officers did or didn't do until the review is done.
> delmar_ave_dan: Stable condition after being tased and kneeled on. Great.
> EquivalentMango_33: "We'll answer what questions we can" ok, did he have a gun?
>> RPD: No weapon was found on him or at the scene. The 911 caller reported a gun, which is why officers responded the way they did at first. Whether the force used was appropriate is exactly what the review is looking at.
>>> EquivalentMango_33: Appreciate the direct answer, honestly didn't expect one.
>>> Practical_Ferret_8: "at first" doing a lot of work there
> Born_Ad_6114: Every time one of these happens people decide from a 20 second clip. Wait for the bodycam.
>> RCC_junior: The 20 second clip shows a knee on a handcuffed man's back. What context makes that ok?
>>> Born_Ad_6114: I don't know, and neither do you yet. That's my point.
>>>> RCC_junior: Fair, but the burden should be on them to explain it, not on us to wait quietly
> Former_RPD_dispatcher: For what it's worth, a "man with a gun" call puts officers on edge before they get out of the car. Not an excuse, just context.
> ThrowRA_rvt: My cousin filmed it. Do you want the full video? She has 4 minutes.
>> RPD +14h: Yes, please. The State Investigative Division will want it too. She can upload it at rivertonpd.example/tips or email pio@rivertonpd.example and we'll make sure it reaches investigators.
>>> ThrowRA_rvt: she's nervous about giving it to the cops tbh
>>>> RPD +3h: Understandable. She can also send it directly to the State Investigative Division at (555) 410-7700, they are independent of RPD.
> sleepy_in_southbend: Why does the man have a name in the comments but the officers don't?
>> Sad_Bicycle_1984: His family released his name, the department didn't
> Ok-Tomato-4412: 5 business days is too long. Release it tomorrow.
> stats_nerd_rvt: For reference, RPD's own transparency portal shows 41 Taser deployments last year. This is a real question about policy, not just one officer.
> [deleted]: This is what you get when you don't listen. Comply and you go home.
>> Ill_Rhubarb_101: he literally was walking home
>> lurker_since_09: "comply and you go home" is not the standard in your own state's law lol
> Harlan_Heights_Hank: Thank you for posting here instead of hiding behind a press release. Waiting for the video before I judge anyone.

## r-uof-bwc reddit RivertonPD_Official 2026-10-09 16:05 likes=1840 ratio=0.63 heat=6
title: Body-worn camera footage, 911 call, and dispatch audio from the Oct 3 arrest on Delmar Ave
As we said on Sunday, we're releasing the body-worn camera footage from both officers involved in the Oct 3 arrest, the 911 call, and the dispatch audio. The only redactions are the faces of bystanders who are not involved and a minor. The video contains force and strong language.

Full footage and audio: rivertonpd.example/bwc/2026-1003

Some things people will notice, so we'll say them up front:

- Officer 2's camera starts about 40 seconds after Officer 1's. He activated it on arrival. Nothing was cut.
- The first 30 seconds of each camera have no audio. That's the camera's pre-event buffer, not an edit.
- The Taser's own camera footage is still being redacted and will be added Monday.

The officer who used the Taser is on administrative leave. The State Investigative Division has been asked to do an independent review. We will release its findings.

We'll be in the comments through this evening. We won't be able to answer everything.
> Ok-Tomato-4412 ^1200: Watched all of it. 0:00 to 0:11 I get, the 911 call said gun, he turned away. After 2:14 there's no excuse. He's cuffed, face down, saying he can't breathe, and the officer stays on his back for 40 seconds while the other one is searching his pockets.
>> Born_Ad_6114 ^340: I said wait for the video in the other thread. I waited. 2:14 is bad. I'll say it.
>>> Ok-Tomato-4412: Respect for coming back and saying that
>> Former_RPD_dispatcher: Listening to the 911 call as a former dispatcher: caller was not sure. "I think he had a gun, it looked like a gun." Dispatch relayed it as "man with a gun". That's a training issue on our side too.
>>> stats_nerd_rvt: This is a really important detail, thank you
>>>> RPD: This is a fair point and the relay of the call is part of the review. The dispatch center is a separate city department, and it is reviewing its own procedures as well.
>> Practical_Ferret_8: "0:00 to 0:11 I get" no. He was walking to the store.
>>> Ok-Tomato-4412: From the officer's point of view with a gun call, a guy matching the description walking away quickly isn't nothing. I'm saying the later part is where it goes wrong.
>>>> Practical_Ferret_8: "from the officer's point of view" is how every one of these gets excused
> EquivalentMango_33 ^620: The thing nobody is talking about: the supervisor signed off on the force report that same night as "within policy". Before anyone watched the footage? Who reviewed it?
>> RPD: The initial supervisory review and how it was done are part of the Professional Standards investigation. We know people want an answer to that specifically and the findings will address it.
>>> EquivalentMango_33: "the findings will address it" when?
>>>> RPD: We don't have a date yet. SID reviews typically take 60 to 90 days. We'll post when it's done.
>>>>> EquivalentMango_33: 90 days. ok. setting a reminder
> delmar_ave_dan ^480: I live two blocks from there. I've been stopped on Delmar 4 times in 2 years for "matching a description". This video didn't surprise anyone on my street.
>> Harlan_Heights_Hank: I'm sorry man. That's not ok. I've lived in Harlan Heights 20 years and never been stopped once.
>>> delmar_ave_dan: yeah. that's kind of the point
> sleepy_in_southbend: Thank you for releasing all of it and not a "highlight" edit like some departments do
> [deleted]: Dude resisted. Period. Play stupid games.
>> RCC_junior: He turned around and said "I'm going home". That's what you call resisting?
>>> [deleted]: [deleted]
>>>> RCC_junior: lol deleted his account. ok
> Mysterious-Ad-2917: Genuinely asking: what was the officer supposed to do differently in the first 10 seconds? Not trolling.
>> nightshift_medic: Create distance, use cover, give clear commands, wait for the second unit which was 40 seconds out. That's what the state's own de-escalation model says.
>>> Mysterious-Ad-2917: Thanks, that's a helpful answer
>> Former_RPD_dispatcher: Also: ask dispatch to call the caller back to clarify. That takes 30 seconds.
> union_elec_local: My brother-in-law is an RPD officer and he's been getting death threats because someone posted the WRONG officer's name on Facebook. Please people. Check before you post.
>> RPD: Please don't share names or addresses of anyone in the video. Harassing or threatening anyone, including people wrongly identified, is a crime and it hurts people who had nothing to do with this.
>>> Practical_Ferret_8: funny how fast you care about harassment when it's a cop
>>>> union_elec_local: he's not even the guy in the video. he works property crimes
> amateur_arborist: I'm white, 52, and my only interaction with RPD was a nice officer who helped when my car died. This is the first time I've watched one of these from my own city. I feel sick.
> TurbulentWeb_9: The union statement saying he "followed his training" is the most damning thing here if true. Then the training is the problem.
>> Born_Ad_6114: Honestly yes. If this is the training, change the training.
> cat_lady_cassie: Is there anything regular people can do besides argue on reddit?
>> RPD: There's a public community forum on Tue Oct 20, 6:30pm at the Delmar Community Center, with Chief Whitfield there to answer questions. The Police Advisory Board also meets monthly and takes public comment.
>> stats_nerd_rvt: Go to the forum. Email your council member. Council votes on the department budget in December.
>>> cat_lady_cassie: thank you, will do
> quietcornerofoakhollow: I've been defensive of RPD in this sub for years. I watched it twice. It's bad. I hope they do the right thing.
> DoomScrollDaddy: The comments on twitter are a dumpster fire, weirdly this thread is the most civil place I've seen this discussed
>> lurker_since_09: give it an hour
> Ill_Rhubarb_101: What happens to the 911 caller?
>> RPD: We're reviewing the call. A mistaken report isn't a crime. A knowingly false one is. Nothing has been decided.
> RCC_junior: RCC students are organizing at City Hall Saturday 2pm. Peaceful, permitted. All are welcome.
>> oldtown_landlord: Is it permitted? Last time there was no permit and it blocked Market St for 3 hours
>>> RCC_junior: permitted. we checked with the city. we'll stay on the plaza
>>>> RPD +16h: We can confirm the permit. Officers will be there for traffic and safety. Peaceful protest is protected and we will protect it.
> [deleted]: Cops should be allowed to do their jobs without some clown with a phone in their face
>> sleepy_in_southbend: Filming police in public is legal and it's literally why we know any of this
> Sad_Bicycle_1984: The bodycam angle from officer 2 at 2:14-2:54 is really hard to watch. Taking a break from reddit for a bit.
> plaid_flannel_pam: My husband and I argued about this at dinner. He thinks they were justified, I don't. I think a lot of families are having that conversation tonight.
>> Harlan_Heights_Hank: Same at our house. Watched it together, came out in different places. Glad the video is out so we can actually talk about it
> Wealth_Recovery_Agnt #spam: Need a lawyer for police misconduct? Our firm has won millions. FREE consultation, DM now!!!
> ThrowRA_rvt: My cousin gave her video to SID. Thanks for the number in the other thread, RPD.
>> RPD +16h: Thank you both. That takes courage.
> Historical-Plate-772: I'll say the uncomfortable thing: the department releasing everything in 5 days is actually good and rare, and the officer's conduct at 2:14 is bad. People treating this as one or the other are missing it.
>> Ok-Tomato-4412: This is the take
>>> Practical_Ferret_8: "the department is good for showing us the bad thing it did" is a low bar
>>>> Historical-Plate-772: It's a low bar most departments don't clear. Both can be true.
> Long_Tadpole_7034: ICU nurse. A prone, handcuffed person with weight on their back for 40 seconds while saying they can't breathe is exactly what we're trained to recognise as dangerous. This isn't a matter of opinion.
> FlatCircleMusic: Can someone summarize for people who can't bring themselves to watch?
>> Historical-Plate-772: 911 call says man with gun. Officer arrives, tells him to stop, he keeps walking saying he's going home, officer tases him within about 11 seconds. Second officer arrives, they cuff him, then a knee on his back for ~40s while he says he can't breathe. No gun found.
>>> FlatCircleMusic: thank you. that's enough for me
> hoosier_in_riverton: This thread is more informative than anything the local TV news has put out
> southbend_native: Darnell's GoFundMe is at $41k for anyone who wants to help with medical bills. He can't work for at least 8 weeks.
> jambalaya_joe: Was the officer who used the taser involved in any other complaints?
>> RPD: Complaint history is subject to state public records law. The Riverton Ledger has filed a request and we'll respond within the legal timeline.
> Born_Ad_6114: The 40 seconds of the knee after he's cuffed. That's what the investigation should be about. The taser decision is debatable, that isn't.
> gravel_cyclist_rvt: One more data point: the bystander at 1:50 yelling "he can't breathe" is ignored. That's the part that stays with me.
> kessler_commuter: I criticized you guys about the racing stuff last week. This is a different thing entirely. Hope the investigation is real.

## r-storm reddit RivertonPD_Official 2026-10-13 11:30 likes=230 ratio=0.96
title: Storm update: Mill Creek Rd closed through at least Friday, and what to do if your car or home flooded
Thanks to everyone who stayed off the roads last night. Firefighters pulled four people from two vehicles at the Mill Creek Rd low water crossing; everyone is ok.

Current closures: Mill Creek Rd at the low water crossing (road damage, closed through at least Friday). Everything else has reopened.

If your car or home flooded:
- Take photos before you clean anything.
- Report property damage to the city at riverton.example/flood so it counts toward a possible federal disaster declaration.
- Watch out for "storm chaser" contractors going door to door asking for cash up front. We already have two reports.
> wet_basement_wendy: 14 inches of water in our basement on Creekview. Is the city going to do anything about the drainage or just tell us to take photos again?
>> RPD: We're sorry, that's awful. Drainage is Public Works, not us, but the flood reports are what they use to prioritize projects and federal money, so please file one. Their direct line is (555) 309-2000.
>>> wet_basement_wendy: Filed. Third year in a row. We'll see.
> MillCreekMaven: The firefighters at the crossing last night were incredible. Saw it from my porch. They waded in with ropes.
> gravel_cyclist_rvt: Is the Mill Creek trail open? Want to know before I ride it
>> MillCreekMaven: it's a mud pit and there's a tree down by the footbridge, give it a few days
> jambalaya_joe: Already had a "contractor" knock at 8am wanting $3k cash to "fix the foundation". Didn't even look at it.
>> RPD: That's exactly the scam. If you can, report it at (555) 304-2200 with a description and vehicle. Legit contractors don't ask for big cash deposits at the door.
> Born_Ad_6114: Who drives around the barricades?? Four people in the water for what
>> Sad_Bicycle_1984: Someone who's late for their shift and thinks their SUV is a boat. Happens every storm
> soccer_mom_ninja: Is there a list of places giving out sandbags in case it happens again this week?
>> RPD: Public Works has free sandbags at the Kessler Blvd yard (2100 Kessler), 7am-7pm while supplies last. Bring a shovel.
> KayakKevin_rvt: Mill Creek was running like class III rapids last night. Please nobody try to paddle it this week
> EquivalentMango_33: Credit where due, the overnight closure updates on X were fast and accurate.

## r-fooddrive reddit RivertonPD_Official 2026-10-15 10:15 likes=145 ratio=0.94
title: Stuff the Cruiser food drive, Oct 24-25 at Westfield Mall. Last year was 6,200 lbs, we want to beat it.
We'll be at the Westfield Mall Sears entrance lot Saturday and Sunday Oct 24-25, 10am-4pm, filling patrol cars with food for the Riverton Community Food Bank.

Most needed: peanut butter, canned chicken/tuna, cereal, rice, diapers (sizes 4-6), and pet food. Please no glass jars or anything expired. Cash donations go straight to the food bank. Can't make it? There's a bin in the HQ lobby (400 Market St), open 24/7.
> plaid_flannel_pam: My kid's Scout troop is coming Saturday with a wagon full. Do they need to check in anywhere?
>> RPD: Just come to the tent! Scouts get a photo with the cruiser and K9 Rook if he's in the mood.
> Ok-Tomato-4412: Cool. Also still waiting on the Delmar answers.
>> RPD: We know. The forum is Tue Oct 20 and the Chief will be there. Not going anywhere on that.
> CoolBeans_Riverton: Does the food bank need volunteers more than cans? I'm broke but have time
>> RPD: They always need volunteers, especially weekday mornings for sorting. riverton-foodbank.example/volunteer
> union_elec_local: Local 117 is bringing a pallet. Let's go.
>> RPD: 🙌 Thank you Local 117!
> pigeon_enthusiast_rvt: can we donate birdseed lol
>> soccer_mom_ninja: pet food counts! the pigeons of riverton thank you
> lurker_since_09: Genuine question, is there a limit on what someone can take from the food bank? My neighbor is too proud to go
>> Former_RPD_dispatcher: No limits and no ID at the Riverton food bank. Tell your neighbor to go Tuesdays, it's quieter.

## r-forum-recap reddit RivertonPD_Official 2026-10-21 09:45 likes=310 ratio=0.85
title: What we heard at last night's Delmar community forum, and what happens next
About 300 people came to the Delmar Community Center last night and around 1,100 watched online. 64 people spoke. Thank you to everyone who came, including Darnell Hayes' mother, who spoke about her son.

The three things we heard most:
1. Release video faster than 5 business days.
2. Put officers' names on their uniforms.
3. Create a civilian review board with real authority.

Chief Whitfield will respond to each of these in writing, publicly, by Friday Nov 6. The SID investigation into the Oct 3 arrest continues. Recording of the forum: riverton.example/forum
> delmar_ave_dan: I spoke last night. First time I've ever spoken at anything like that. The Chief actually looked at me the whole time.
>> RCC_junior: you were great man
>> RPD: Thank you for coming and speaking. It mattered.
> Practical_Ferret_8: "We'll respond in writing" = nothing will change
>> stats_nerd_rvt: They gave a date. If nothing comes by Nov 6, then we'll know.
> Harlan_Heights_Hank: The lady who spoke about her son being stopped 3 times in a month on Hollis had me in tears.
> EquivalentMango_33: Honest feedback: people at the back couldn't hear the mic half the time.
>> RPD: Thank you, we heard that from several people. We'll use a better sound system next time and the recording has captions.
> oldtown_landlord: Some of the speakers were pretty aggressive to the officers sitting in the front row. I don't think that helps.
>> Ok-Tomato-4412: People are angry. The officers can handle being yelled at for 3 minutes, Darnell got a knee in the back
>>> oldtown_landlord: That's fair. I just think people would've listened more if it was calmer
>>>> delmar_ave_dan: people have been calm for years. nobody listened
> sleepy_in_southbend: Is there a way to submit written comments if I couldn't speak?
>> RPD: Yes, forum@rivertonpd.example through Oct 30. Every comment goes into the record the Chief is responding to.
> cat_lady_cassie: went because of this sub. glad I did.
> [deleted]: [deleted]

## r-catalytic reddit RivertonPD_Official 2026-10-27 14:00 likes=205 ratio=0.95
title: Catalytic converter thefts are up 3x since August, mostly in Oak Hollow, Birch Ln and Southbend. Here's what we know and what helps.
We've had 57 catalytic converter thefts reported since Aug 1, compared with 19 in the same period last year. Most are at night, from trucks and SUVs parked on the street or in driveways (Toyota Tacomas, Priuses and Honda Elements are favorites because of the metal content). It takes under 2 minutes with a battery saw.

What helps:
- Park in a garage or well-lit area, or close to the house.
- Get your VIN engraved on the converter (free at Riverton Auto Parts on Division this month).
- A motion light and a doorbell camera pointed at the driveway.
- Report every theft, even if insurance is handling it. That's how we link them.

Detectives are working these as a series and have identified a vehicle of interest. If you have video from between 1-5am in those neighborhoods, upload at rivertonpd.example/tips.
> pothole_cartographer: Mine was cut off my Prius on Oak Hollow last week. $3,200. Insurance deductible is $1,000. Fun.
>> RPD: Sorry. Please make sure it's reported so it's linked to the series. And keep the receipt for the replacement, it helps if there's ever restitution.
> TurbulentWeb_9: Is it a white van? Because there's a white van with no plates that drives slow down Birch at 2am
>> RPD: We can't share details about the vehicle, but any video of a van like that at night in those areas would be very helpful to detectives.
>>> TurbulentWeb_9: I have a Ring. Will check and upload tonight
> southbend_native: They hit my work truck at the shop, in a fenced lot. They cut the fence.
> Mysterious-Ad-2917: Why aren't scrap yards being checked? Somebody is buying these.
>> RPD: Good question. State law requires scrap dealers to log ID for converter purchases, and our detectives do check those logs. We can't say more on an open case.
>>> Mysterious-Ad-2917: makes sense, thanks
> PriusPete_rvt: Prius owner on Birch. Got the shield plate installed Saturday. Sleeping better.
> amateur_arborist: Shield plates are like $300 installed for the Tacoma. Worth it.
> DisastrousAd3721: Or just let people defend their property. Problem solved.
>> Sad_Bicycle_1984: Shooting someone over a car part is a great way to go to prison yourself
>>> DisastrousAd3721: depends on the state 🤷
>>>> Born_Ad_6114: Not this one. Property isn't a justification for deadly force here. Please don't.
> quietcornerofoakhollow: Our neighborhood watch set up a group text. Three of us have cameras on the street now.
> kessler_commuter: Did the Kessler racing detail actually work? You said you'd update at the end of October.
>> RPD: It did, with caveats. 31 citations, 6 vehicles towed, 2 arrests, and race calls on Kessler dropped from 22 in September to 5 in October. It's moved partly to the Westgate industrial park, so that's next. Full update coming Friday.
>>> kessler_commuter: Holy crap. Ok, that's a real answer. Thank you.
>>> DoomScrollDaddy: It's been way quieter on Tulane, can confirm

## r-election reddit RivertonPD_Official 2026-11-02 16:15 likes=120 ratio=0.82
title: Election Day (Tue Nov 3): officers won't be at polling places. Here's who to call if there's a problem.
We've gotten a lot of questions about this, so: RPD officers will not be stationed at polling places tomorrow. We respond to calls like any other day.

If you see intimidation, blocked entrances, or anyone interfering with voters, call 911 if it's an emergency or the County Election Office at (555) 300-8683. Campaigning isn't allowed within 100 feet of a polling place entrance, and election judges enforce that.

Polls are open 6am-7pm. If you're in line by 7pm, you can vote.
> stats_nerd_rvt: Thanks for putting this out. There were rumors in a couple of neighborhood groups that police would be checking IDs at polls, which was scaring people.
>> RPD: That's not true. Police don't check IDs at the polls. Poll workers handle voter ID as state law requires.
> TurbulentWeb_9: Who handles it if there's a guy open carrying and yelling at people in line?
>> RPD: Call 911. Intimidating voters is a crime regardless of whether someone is armed, and officers will respond.
> DisastrousAd3721: Open carry is legal tho
>> Sad_Bicycle_1984: Intimidating voters is not, which is the point
> plaid_flannel_pam: Is there a non-partisan place to see what's on the ballot? The ballot questions are confusing.
>> stats_nerd_rvt: The League of Women Voters guide is good. Also the county site has a sample ballot by address.
> FirstTimeVoterRVT: can I vote with my RCC student ID?
>> stats_nerd_rvt: check the county site, state law lists which IDs count. I think student IDs from state schools do
> lurker_since_09: The voting line at Eastgate Rec was 2 hrs in 2024. Bring water people
> CoolBeans_Riverton: "We respond to calls like any other day" respectfully that's what worries me
>> RPD: Understood. Officers responding to any call at or near a polling place have been briefed on election law and told to coordinate with the election judge. Polls were calm today by the way.

## r-forum-response reddit RivertonPD_Official 2026-11-06 14:15 likes=890 ratio=0.9
title: Chief Whitfield's written response to the Delmar forum: 72-hour video release, name tapes, and support for a civilian review board with subpoena power
As promised at the Oct 20 forum, here is the Chief's written response to the three things residents asked for most. Full letter: rivertonpd.example/forum-response

1. Faster video release: Starting Dec 1, body-worn camera video of serious use-of-force incidents will be released within 72 hours, unless a judge orders otherwise.
2. Names on uniforms: All sworn officers will wear name tapes by Jan 1.
3. Civilian review: The Chief supports creating a civilian review board with subpoena power, appointed by City Council, and will present a draft ordinance at the Dec 8 council meeting.

The State Investigative Division's review of the Oct 3 arrest is still underway. Its findings will be released in full.
> EquivalentMango_33: I've been one of the most skeptical people in this sub about this account. This is a real response. Subpoena power is real.
>> RPD: Thank you. We know the real test is what happens next, including the SID findings.
> delmar_ave_dan: Came out of the forum thinking nothing would happen. Didn't expect this. Still waiting for Darnell's answer though.
>> Harlan_Heights_Hank: This is because you and others spoke. Don't forget that.
> Practical_Ferret_8: A review board appointed by the same council that funds the police. Ok.
>> stats_nerd_rvt: That's how it works in most cities. Subpoena power is the part that matters, and most boards don't have it.
>>> Practical_Ferret_8: We'll see what the ordinance actually says
>>>> stats_nerd_rvt: agreed, the ordinance text is everything
> Former_RPD_dispatcher: The union is going to fight the subpoena part hard. Call your council members before Dec 8.
> Born_Ad_6114: 72 hours is genuinely ahead of most places. Good.
> oldtown_landlord: I was critical of the forum tone. Clearly it worked. I stand corrected.
> RCC_junior: Students are going to pack the Dec 8 meeting. Be there.
> DisastrousAd3721: Civilian board = cops stop doing their jobs. Watch crime go up.
>> Ill_Rhubarb_101: There's not much evidence for that. Cities with boards haven't seen crime go up because of them.
>>> DisastrousAd3721: source?
>>>> Ill_Rhubarb_101: there are a few studies on review boards and clearance rates, none show a crime spike. happy to link tonight
> sleepy_in_southbend: What happens if the SID finds the force was excessive? Is he fired?
>> RPD: If the findings show policy violations, discipline up to termination is decided by the Chief, and can be appealed through the process in the union contract. Criminal charges, if any, would be up to the District Attorney.
> Sad_Bicycle_1984: This sub actually did something. Wild.
> Wealth_Recovery_Agnt #spam: Are you a victim of police brutality? You may be entitled to compensation. Click here for free case review!!

## r-gunshots reddit RivertonPD_Official 2026-11-06 23:35 kind=mention author=nightshift_medic tags=urgent
title: Anyone else hearing gunshots near Hollis and 9th RIGHT NOW?
Like 5 or 6 pops, then a car peeling out. Lots of people outside now. I'm off duty. Someone call if you haven't. u/RivertonPD_Official
> Ill_Rhubarb_101: Heard it from 12th. Definitely gunshots not fireworks.
> southbend_native: Sirens coming from the south now
>> nightshift_medic: Ambulance just pulled up. Going back inside.
> Mysterious-Ad-2917: Please everybody stay inside and away from windows
> RPD +9h: For anyone following: a 27-year-old man was shot in the 900 block of Hollis St last night and is in stable condition. Detectives believe it was targeted. If you have video from around 11:30pm, please upload at rivertonpd.example/tips. Thanks to the people who called 911 quickly.
>> nightshift_medic: Glad he's stable. Thanks for updating here.
> lurker_since_09: third one on hollis this year. at some point something needs to change on that street
> gravel_cyclist_rvt: is it safe to ride through hollis to work at 6am?

## r-oct-stats reddit RivertonPD_Official 2026-11-10 11:00 likes=265 ratio=0.93
title: October 2026 crime numbers by neighborhood (first monthly stats post, as promised)
Back in September u/stats_nerd_rvt asked for monthly numbers by neighborhood with the raw data. Here's the first one.

October 2026 vs October 2025, citywide:
- Violent crime (homicide, robbery, aggravated assault, rape): 61 vs 68 (-10%)
- Shootings: 3 vs 2
- Burglary: 44 vs 58 (-24%)
- Vehicle theft: 71 vs 88 (-19%)
- Theft from vehicles (incl. catalytic converters): 204 vs 131 (+56%)

The catalytic converter spike is most of the theft from vehicles increase. Neighborhood breakdowns, methodology notes and a CSV: rivertonpd.example/stats/2026-10

Known limitations: one month is noisy, and numbers can change as reports are reclassified. We'll post these around the 10th of each month.
> stats_nerd_rvt: I'll eat my words as promised. This is great. One ask: can the CSV include the report date and occurrence date separately?
>> RPD: Yes, we'll add both for November. Thanks for pushing for this.
>>> stats_nerd_rvt: 🙏
> pothole_cartographer: +56% theft from vehicles checks out, my street had 4 converters cut
> Mysterious-Ad-2917: How does Hollis compare to last year?
>> stats_nerd_rvt: Per the CSV, Hollis corridor had 9 violent incidents in Oct vs 6 last Oct. Small numbers though.
> EquivalentMango_33: Will use of force numbers be in these too?
>> RPD: Use of force data is published quarterly on the transparency portal. Q3 is up now, Q4 in January. We can link it in these monthly posts too.
> Harlan_Heights_Hank: Nice to see burglaries down. Northside was rough over the summer.
> union_elec_local: 3 shootings vs 2 is not exactly "crime is down" lol
>> stats_nerd_rvt: they didn't say crime is down, they gave the numbers. that's the point of doing it this way
> [deleted]: funny how the numbers always look good when the cops count them
>> Sad_Bicycle_1984: burglary and vehicle theft counts come from reports people file, not from cops deciding. you can check the incidents yourself in the CSV
> urban_planner_jo: Would love per-capita rates by neighborhood. Raw counts make dense neighborhoods look scarier than they are.
>> RPD: Good point. We'll add population and a rate per 1,000 residents next month.
> DoomScrollDaddy: Love that you put "known limitations". Never seen a police dept say that

## r-porch reddit RivertonPD_Official 2026-11-17 10:15 likes=98 ratio=0.95
title: Porch pirate season: what's worked for people in Riverton, plus a few tips from our detectives
Package thefts jumped about 40% last December. A few things that actually help: ship to a locker or your work; use the delivery instructions to put packages out of sight; if you have a doorbell camera, save and report clips, because our detectives link cases by video.

What's worked for you? Genuinely curious, we'll pass the good ideas along.
> cat_lady_cassie: A big plastic storage bin by the door labeled "packages". The drivers use it like 80% of the time.
> soccer_mom_ninja: Amazon pickup at the Kroger on 5th. Never had an issue.
> pigeon_enthusiast_rvt: my dog. he's 14 pounds but very loud
>> RPD: Honestly one of the best deterrents out there.
> mailcarrier_mel: Mail carrier here. A bin with a lid by the door is great, we use them every time
> jambalaya_joe: Neighbor grabs them for me when I'm at work, I do the same for her. Old school.
> TurbulentWeb_9: I filed 3 reports with video last year and never heard anything back. Kinda why people stop reporting.
>> RPD: That's fair feedback and we hear it a lot. Property crimes detectives can't follow up individually on every report, but they do use them to link cases, and last year video from reports helped identify a suspect tied to 200+ packages. We're looking at sending an automatic update when a report is linked to an arrest.
>>> TurbulentWeb_9: An automatic update would honestly go a long way
> Ill_Rhubarb_101: Decoy packages with kitty litter. Petty but satisfying
>> Born_Ad_6114: glitter bomb them like that YouTube engineer

## r-hiring reddit RivertonPD_Official 2026-11-18 12:00 likes=75 ratio=0.74
title: We're hiring for the January academy. Our recruiters will answer questions in this thread all day, including the uncomfortable ones.
Applications for the January 2027 academy close Dec 4. Starting pay is $58,400, going to $71,000 after 3 years; paid academy; $5,000 signing bonus for lateral officers; $2,400/yr bilingual pay. We're also hiring 911 dispatchers and civilian crime analysts.

Officers Tran and Okonkwo from recruiting are here today. Ask anything.
> RCC_junior: Honest question: after Delmar, why would someone who cares about justice want to join?
>> RPD: Honest answer from Officer Okonkwo: because the department changes based on who's in it. I joined after a bad experience with police in my own family. The people who care about doing it right are the ones we need most. It's not an easy job and you won't agree with every decision, but you can shape it.
>>> RCC_junior: That's a better answer than I expected. Thanks.
> Former_RPD_dispatcher: Dispatchers are the unsung heroes. If you're calm under pressure and can type fast, apply for that. Pay is decent and you're inside in the winter 😄
> throwaway_rvt_2026: I have ADHD and take medication. Is that disqualifying?
>> RPD: No, not by itself. The medical evaluation looks at whether you can safely do the job, and many officers are treated for ADHD. Bring documentation from your doctor to the medical evaluation.
>>> throwaway_rvt_2026: that's a huge relief honestly. thank you
>> RPD +1d2h: Following up after checking with our background unit: you don't need to stop your medication for the process, and it isn't shared with anyone outside the medical evaluation.
> Mysterious-Ad-2917: How much overtime is "mandatory" realistically?
>> RPD: Realistically, 1-2 mandatory extra shifts a month right now because we're short-staffed. That should drop as the academy classes fill positions. Voluntary OT is available if you want it.
> gravel_cyclist_rvt: Do you have a bike patrol unit? That's the only way I'd do it lol
>> RPD: Yes! Downtown and Mill Creek Park have bike officers April through October. You'd need 2 years on patrol first.
> DisastrousAd3721: Do you hire people with tattoos? Neck/hand?
>> RPD: Tattoos are allowed, including hand tattoos. Face and neck tattoos aren't, and nothing offensive or gang-affiliated anywhere visible.
> Practical_Ferret_8: recruiting post with a 74% upvote ratio lmao
> crime_analyst_hopeful: What does a crime analyst do day to day? I'm finishing a stats degree at RCC.
>> stats_nerd_rvt: they probably make the monthly stats posts you've seen here 👀
>> RPD: Mostly mapping and finding patterns (like the catalytic converter series), building dashboards for district commanders, and preparing data for the public reports. Stats degree is exactly what we look for. Posting is up until Dec 11.
>>> crime_analyst_hopeful: That sounds amazing. Applying this week.
> [deleted]: [deleted]
> career_changer_41: I'm 41. Too old to start?
>> RPD: Not at all! The maximum age at hire is 50, and our oldest recruit in the last class was 47.
>>> career_changer_41: well that settles it. applying
> Historical-Plate-772: How many women are on the force?
>> RPD: About 16% of sworn officers, which is above the national average but not where we want it. Class 2026-2 was 29% women.

## r-shoutout reddit RivertonPD_Official 2026-11-14 19:20 kind=mention author=soccer_mom_ninja
title: Shoutout to the RPD officer who sat with my son for an hour after his bike was stolen
My 11 year old's bike was stolen from outside the library on Market today. He was devastated, he saved birthday money for a year. The officer who took the report (Officer Alvarez, I think) sat on the curb with him, talked about his own bike getting stolen as a kid, and then came back an hour later with a bike from the department's unclaimed property that fit him. My son hasn't stopped talking about it. Thank you. u/RivertonPD_Official please pass this on.
> cat_lady_cassie: Ok I'm not crying you're crying
> Harlan_Heights_Hank: This is the kind of policing people want. Simple as that.
> Practical_Ferret_8: Nice. Genuinely.
>> Sad_Bicycle_1984: Practical Ferret being nice? Mark the calendar
>>> Practical_Ferret_8: I'm capable of nuance on a friday night
> RPD +2d15h: Thank you for sharing this. Officer Alvarez's sergeant shared it at roll call and he got a round of applause. We hope your son loves the new bike. 🚲
>> soccer_mom_ninja: He named it "Officer Bike" lol. Thank you!

## r-ext-tacos reddit RivertonPD_Official 2026-10-24 18:30 kind=mention author=jambalaya_joe parent=external
title: Best tacos in Riverton? Settle this once and for all
Taqueria El Sol on Division, no contest. Ask u/RivertonPD_Official, every cop in town eats there at 2am

## r-ext-moving reddit RivertonPD_Official 2026-11-19 21:00 kind=mention author=oldtown_landlord parent=external
title: Moving to Riverton in January, which neighborhoods should I avoid?
Don't go by neighborhood FB groups, they make every block sound like a war zone. u/RivertonPD_Official posts monthly crime numbers by neighborhood now with the actual data. Look at that and then visit at night.
"""
