# ruff: noqa: E501  (written text, one item per line so each reply reads and diffs on its own)
"""Riverton PD conversations on Bluesky: rivertonpd.bsky.social, mentions and quote posts.

Format: see :mod:`engage.demo_data.threadscript`. Everything here is fictional.
"""

SCRIPT = r"""
## b-hello bluesky rivertonpd.bsky.social 2026-09-21 09:00 likes=140
Hello Bluesky 👋 This is the official account of the Riverton Police Department. We'll post traffic closures, missing person alerts, community events and public safety info here. This account isn't monitored 24/7: for emergencies call 911, non-emergency (555) 304-2200.
> jenna-w.bsky.social: Welcome! Please post alt text on your images, it makes a big difference for blind folks.
>> RPD: Thank you for the reminder, Jenna. We'll add alt text to every image going forward.
>>> jenna-w.bsky.social: 💜
> tomaszk.bsky.social: A cop account on Bluesky, the timeline is healing (or something)
> rivertonreader.bsky.social: Will you post here at the same time as on X? Some of us left that place.
>> RPD: Yes, everything we post on X will be posted here at the same time.
> deltaheron.bsky.social: Blocked preemptively 🙃
> mara-bikes.bsky.social: Please post about bike lane parking enforcement. The Grand Ave lane is a parking lot.
>> RPD: Noted! Our traffic unit is doing a bike lane enforcement week in October. We'll post it here.
>>> mara-bikes.bsky.social: I will believe it when I see it but thank you 🚲
> quiet-librarian.bsky.social: Riverton Public Library says hi! Let's do a storytime with an officer sometime.
>> RPD: We'd love that! We'll email your outreach team. 📚
> fedi-refugee.bsky.social: are you going to use this account to post mugshots? because please don't
>> RPD: We don't post mugshots on social media. Arrest announcements name people only after charges are filed.
> ottoinriverton.bsky.social: finally a reason to check this app
> riverton-rollers.bsky.social: Hi from the Riverton Rollers roller derby league! 🛼
> phd-procrastinator.bsky.social: Will you publish your moderation policy? e.g. when do you block or hide replies
>> RPD: Yes, it's on our website. We don't block or hide replies for criticism, only for spam, threats, doxxing and obscene content.

## b-missing-kayla bluesky rivertonpd.bsky.social 2026-09-22 20:16 likes=95 reposts=410
MISSING: Kayla Moreno, 15, last seen around 3:30pm today near the Eastgate Transit Center. 5'3", about 110 lbs, dark curly hair, gray hoodie, black leggings, purple backpack. Call 911 or (555) 304-2200 if you see her.
> rivertonreader.bsky.social: Reposted. Hope she's home soon.
> eastgate-elle.bsky.social: Sharing with the Eastgate Elementary parents list
> jenna-w.bsky.social: Can you add alt text with her description to the photo? Screen reader folks can share too.
>> RPD +40m: Done, alt text added. Thank you.
> tomaszk.bsky.social: 🙏
> RPD +1d17h: UPDATE: Kayla has been found safe and is back with her family. Thank you for sharing.
>> eastgate-elle.bsky.social: So relieved 💛
>> quiet-librarian.bsky.social: Wonderful news

## b-cwc bluesky rivertonpd.bsky.social 2026-09-23 11:00 likes=35
☕ Coffee with a Cop is back: Saturday Oct 3, 8-10am at Bean There Cafe on Grand Ave. No agenda, just conversation with the officers who work your neighborhood. First cup's on us.
> ottoinriverton.bsky.social: Bean There's oat milk latte is elite, worth going for that alone
> deltaheron.bsky.social: "no agenda" is doing a lot of work
> mara-bikes.bsky.social: Will anyone from traffic be there? I have bike lane thoughts
>> RPD: Yes, Sgt. Ortiz from the traffic unit will be there. Bring your bike lane thoughts!
>>> mara-bikes.bsky.social: oh I am bringing a MAP

## b-scam bluesky rivertonpd.bsky.social 2026-09-28 10:31 likes=60 reposts=150
SCAM ALERT: Callers claiming to be RPD "lieutenants" say you missed jury duty and must pay a warrant with gift cards or Bitcoin. It's fake. We never call to demand payment. Hang up and report it: (555) 304-2200.
> quiet-librarian.bsky.social: We'll put this on the library's bulletin boards. A patron asked us about this exact call last week.
>> RPD: Thank you! Libraries are on the front line for this stuff.
> fedi-refugee.bsky.social: My grandma got this call. Sharing with the family group chat.
> sam-at-rcc.bsky.social: Do they target Spanish speakers too? My abuela only speaks Spanish
>> RPD: Yes, we've had reports of the same script in Spanish. Same rule: no police or court will ask for gift cards. We have a Spanish version of this alert on our website.
> crypto-yield-daily.bsky.social #spam: Protect your savings from inflation with our AI trading bot, 12% weekly returns guaranteed 📈
> rivertonreader.bsky.social: reposted, thanks

## b-stopdata bluesky rivertonpd.bsky.social 2026-10-01 15:01 likes=120
Our Q3 traffic stop data is published: stops by district, reason, outcome, and the driver's perceived race and gender, with the raw CSV. We publish every quarter so residents can check our work. rivertonpd.example/transparency
> policy-wonk-pat.bsky.social: Just pulled the CSV. District 3 search disparity is stark: Black drivers searched at 2.1x the rate of white drivers, with a LOWER contraband hit rate. That's the textbook sign of a problem.
>> RPD: That's on the agenda for the Oct 15 Police Advisory Board meeting, where District 3 command will present. It's public and streamed, and public comment is open.
>>> policy-wonk-pat.bsky.social: I'll be there with charts.
> jenna-w.bsky.social: Thank you for the CSV, genuinely. So many departments only give PDFs.
> deltaheron.bsky.social: Publishing data about the problem is not the same as fixing the problem
>> policy-wonk-pat.bsky.social: True, but you can't fix what nobody can measure. This is step one.
> tomaszk.bsky.social: what does "perceived" race mean here
>> policy-wonk-pat.bsky.social: the officer records what race they perceived the driver to be, which is actually the right measure for bias analysis
> data-desk-dev.bsky.social: FYI the Q3 CSV mixes MM/DD and DD/MM date formats in some rows around 1200-1340.
>> RPD: Thank you, good catch! Fixed and re-uploaded.
>>> data-desk-dev.bsky.social: 👍 confirmed
> sam-at-rcc.bsky.social: Our stats class is going to use this for our final project lol
>> RPD +2d: We'd love to see what you find. Send it to transparency@rivertonpd.example when it's done.

## b-uof-initial bluesky rivertonpd.bsky.social 2026-10-04 19:46 likes=210 heat=3
We are aware of a video circulating that shows part of an arrest on Delmar Ave late Saturday night. We take this seriously. Body-worn camera footage is being reviewed by our Professional Standards Unit, and we will release it within 5 business days, per our policy.
> deltaheron.bsky.social: You tased a man walking home and knelt on him. We saw it. Release the footage today.
> policy-wonk-pat.bsky.social: 5 business days puts this on Friday. Please don't release it at 5pm Friday to bury it.
>> RPD: Fair concern. We'll release it as soon as the redactions are done and will announce the time in advance.
> rivertonreader.bsky.social: Hope the man is ok. This is awful to watch.
> darnells-cousin.bsky.social: That's my cousin. He's in the hospital with a broken orbital bone. He was going to buy milk.
>> jenna-w.bsky.social: I'm so sorry. Sending love to your family.
>> fedi-refugee.bsky.social: 💔 I'm sorry
> mutual-aid-rvt.bsky.social: Meal train for Darnell's family is up, link in our bio
> ottoinriverton.bsky.social: "we take this seriously" is the police equivalent of "thoughts and prayers"
> copwatch-rvt.bsky.social: We have the full 4 minute bystander video and will be releasing it tonight.
> retired-lt-gary.bsky.social: Wait for the full facts. Officers were responding to a report of a gun.
>> deltaheron.bsky.social: he didn't have a gun, Gary
>>> retired-lt-gary.bsky.social: they didn't know that when they arrived
> sam-at-rcc.bsky.social: RCC students meeting Monday to plan. DM me.
> pigs-burn-rvt.bsky.social #abusive: every cop in this city is a piece of shit and I hope they all get what's coming

## b-uof-bwc bluesky rivertonpd.bsky.social 2026-10-09 16:01 likes=1900 reposts=720 heat=5
Body-worn camera footage from both officers in the Oct 3 arrest on Delmar Ave is now public, with the 911 call and dispatch audio. Only bystanders' faces and a minor are redacted. Warning: force and strong language. rivertonpd.example/bwc/2026-1003
> policy-wonk-pat.bsky.social ^540: Thank you for not doing the 5pm Friday dump, 4pm is... close enough I guess. Watching now.
>> policy-wonk-pat.bsky.social: ok. The knee at 2:14, after he's cuffed, for ~40 seconds, while he says he can't breathe. There's no policy anywhere that allows that.
>>> retired-lt-gary.bsky.social: I'll agree that part needs to be investigated.
>>>> deltaheron.bsky.social: "needs to be investigated" it's on video Gary
> darnells-cousin.bsky.social ^900: He kept saying "I'm going home". That's all he did. He's going to need surgery on his eye.
>> RPD: We're very sorry about his injuries. We can't comment on the investigation, but we wish him a full recovery.
>>> darnells-cousin.bsky.social: then fire the officer
> copwatch-rvt.bsky.social: Our bystander video syncs with Officer 1's cam. The 40 "missing" seconds from Officer 2's cam are covered. Nothing was cut, but nothing excuses what's in it either.
> jenna-w.bsky.social: Is there a transcript of the audio? Not everyone can listen to it.
>> RPD: Yes, a transcript of the 911 call and dispatch audio has been added to the page. Thank you for asking.
>>> jenna-w.bsky.social: thank you 💜
>> RPD +2d14h: The video now also has open captions, and the transcript identifies each speaker.
> fedi-refugee.bsky.social: I can't watch it. Reading people's descriptions is enough.
> mutual-aid-rvt.bsky.social: Protest at City Hall Saturday 2pm. Meal train for Darnell's family still open.
> ottoinriverton.bsky.social: They released it in 5 days. Most departments fight releases for months. That's worth something, even though what's in it is awful.
>> deltaheron.bsky.social: the bar is in hell
>>> ottoinriverton.bsky.social: yes, and they cleared it, which most don't. both things.
> sam-at-rcc.bsky.social: why did it take 3 officers to hold down 1 guy who was already cuffed
> retired-lt-gary.bsky.social: The 911 call is important context everyone is skipping. Officers were told "man with a gun".
>> policy-wonk-pat.bsky.social: Context for the first 10 seconds. Not for 2:14.
>>> retired-lt-gary.bsky.social: Agreed on 2:14. I've said so.
> birdwatcher-bea.bsky.social: I had to stop at the 2 minute mark. Praying for Darnell and his family.
> law-prof-lin.bsky.social: For people asking about the legal standard: Graham v. Connor judges force by what a reasonable officer would do in the moment. The moment is different once he's cuffed and face down.
> quiet-librarian.bsky.social: Hard day in Riverton. Library is open late tonight if anyone needs a quiet place.
> rivertonledger.bsky.social: Our story on the release, with a timeline of the 4 minutes: riverton-ledger.example/bwc
> pigs-burn-rvt.bsky.social #abusive: burn it all down. fuck every one of you
> mara-bikes.bsky.social: I've defended you on here before. Not today.
> tomaszk.bsky.social: Who is investigating? Please tell me it's not internal affairs alone.
>> RPD: The State Investigative Division is doing an independent review in addition to our Professional Standards investigation. We'll publish SID's findings in full.
> blue-family-mom.bsky.social: My husband is an RPD officer who wasn't even there. People are posting our address. Please stop.
>> jenna-w.bsky.social: That's wrong. I'm sorry. Nobody should be doxxed.
>> mutual-aid-rvt.bsky.social: We've told our folks clearly: no doxxing. That isn't justice.
> eastgate-elle.bsky.social: Talking to my kids about this tonight. Don't know what to say.
> hopeless-hal.bsky.social #selfharm: this city makes me want to disappear. i've got nothing left and honestly thinking about ending it this weekend
>> quiet-librarian.bsky.social: Please reach out to 988 (call or text). You matter to people here, including strangers. 💛
>> RPD +35m: We're sorry you're hurting. Please call or text 988 now, it's free, confidential and 24/7. If you're in danger right now, call 911. You are not alone.
>>> hopeless-hal.bsky.social: thanks. i'll text them
> union-dad-rvt.bsky.social: Riverton Police Officers Association says he "followed training". Then the training is broken and the union is defending broken training.
> crypto-yield-daily.bsky.social #spam: 🔥 Viral moment! Turn your outrage into income with our creator program, link in bio
> lena-ruiz.bsky.social #es: Esto es muy doloroso para nuestra comunidad en Delmar. Queremos justicia y respeto.
> policy-wonk-pat.bsky.social: Also: the supervisor marked the force "within policy" that same night. Who reviewed the footage before signing?
>> RPD: The supervisory review is part of the Professional Standards investigation.

## b-storm bluesky rivertonpd.bsky.social 2026-10-12 21:31 likes=70 reposts=95
Severe thunderstorm warning until 11:30pm, flash flooding likely in low areas. Stay off the roads if you can. Turn around, don't drown. Closures: Mill Creek Rd low water crossing, Kessler underpass, Creekview Dr, Harlan Ave 2nd-4th.
> eastgate-elle.bsky.social: Power's out in Eastgate, stay safe everyone
> mara-bikes.bsky.social: Riverside path along Mill Creek is completely under water too fyi for anyone walking
>> RPD +20m: Thank you! Please stay off the trail, the current is strong there.
> tomaszk.bsky.social: Is the Cedar Bridge open? Need to get to Southbend
>> RPD +10m: Cedar Bridge is open. Avoid Harlan Ave on the way.
> ottoinriverton.bsky.social: my basement is a pool now. cool cool cool
> jenna-w.bsky.social: Thank you for posting closures as text not just an image 💜

## b-uof-review bluesky rivertonpd.bsky.social 2026-10-14 17:01 likes=260 heat=2
Update on the Oct 3 Delmar Ave arrest: the officer who used the Taser is on administrative leave, and we've asked the State Investigative Division for an independent review. Community forum: Tue Oct 20, 6:30pm, Delmar Community Center. Streamed live.
> policy-wonk-pat.bsky.social: Independent review is the right call. Will the second officer (the knee) also be reviewed?
>> RPD: Yes. Both officers' actions are part of the same investigation. The second officer is on non-patrol duties.
> darnells-cousin.bsky.social: My aunt will be speaking at the forum. Please come.
>> mutual-aid-rvt.bsky.social: We'll be there, and running childcare in the side room
> deltaheron.bsky.social: administrative leave is a vacation with pay
> retired-lt-gary.bsky.social: Admin leave is standard and protects the investigation. It's not a reward.
> jenna-w.bsky.social: Will there be ASL interpretation at the forum?
>> RPD: Yes, ASL interpreters will be there and the stream will have live captions.
>>> jenna-w.bsky.social: thank you for making sure
> copwatch-rvt.bsky.social: we'll be livestreaming the forum too for anyone who doesn't trust the official stream

## b-missing-harold bluesky rivertonpd.bsky.social 2026-10-20 21:41 likes=80 reposts=350
SILVER ALERT: Harold Pruitt, 81, who has dementia, left his Oak Hollow home about 5pm driving a silver 2011 Buick LaCrosse, plate RVT-4417. He may be heading toward Millbrook. Call 911 if you see him or the car.
> quiet-librarian.bsky.social: Reposting. Praying for Harold.
> millbrook-mae.bsky.social: Sharing in Millbrook, we'll keep an eye out
> RPD +11h: UPDATE: Harold was found safe in Millbrook by a store employee who recognized him from a post like this one. Thank you all for sharing. 💙
>> millbrook-mae.bsky.social: Millbrook came through! So glad he's ok

## b-trunk bluesky rivertonpd.bsky.social 2026-10-22 13:01 likes=65
🎃 Trunk-or-Treat at RPD HQ, Sat Oct 31, 4-7pm, 400 Market St lot. Candy, patrol cars, K9 Rook, the Fire Dept ladder truck and a kids' costume contest. Teal pumpkin table with non-food treats for kids with allergies. Free!
> eastgate-elle.bsky.social: The teal pumpkin table!! Thank you for thinking of allergy kids 🧡
> quiet-librarian.bsky.social: The library will have a book giveaway table there too 📚🎃
>> RPD: Books AND candy, best trunk-or-treat ever
> deltaheron.bsky.social: copaganda with candy
> costume-queen-cora.bsky.social: What ages is the costume contest for?
> ottoinriverton.bsky.social: Will K9 Rook be in costume. This is important.
>> RPD: Rook has been fitted for a pumpkin costume. He has not consented but he will get treats.

## b-election bluesky rivertonpd.bsky.social 2026-11-02 16:01 likes=90
Election Day is tomorrow, Nov 3. Officers will NOT be stationed at polling places. Problems at a polling location (intimidation, blocked entrances): call 911 or the County Election Office at (555) 300-8683. Every eligible voter should be able to vote safely. 🗳️
> policy-wonk-pat.bsky.social: Good, clear, correct. Thank you.
> pollworker-pete.bsky.social: Poll worker here, thank you. Clear messages like this make our day a lot easier.
> sam-at-rcc.bsky.social: First time voting! RCC has a shuttle to the Eastgate polling place
> fedi-refugee.bsky.social: Can you clarify that police don't check voter IDs? There's a rumor going around WhatsApp
>> RPD: Correct: police do not check IDs at polling places. Poll workers handle voter ID under state law. Please share that.
> lena-ruiz.bsky.social #es: ¿Pueden publicar esto en español también? Muchos vecinos tienen miedo de ir a votar.
>> RPD #es: Claro. La policía NO estará en las casillas y NO revisa documentos de identidad. Si alguien intimida a votantes, llame al 911 o a la Oficina Electoral: (555) 300-8683.
>>> lena-ruiz.bsky.social #es: Muchas gracias, lo compartí con mi iglesia.

## b-forum-response bluesky rivertonpd.bsky.social 2026-11-06 14:01 likes=720 heat=2
Chief Whitfield's written response to the Delmar forum: (1) serious use-of-force video released within 72 hours from Dec 1; (2) name tapes on all uniforms by Jan 1; (3) support for a civilian review board with subpoena power, ordinance to Council Dec 8. rivertonpd.example/forum-response
> policy-wonk-pat.bsky.social: This is genuinely significant. Subpoena power is rare. Now the ordinance language matters.
>> RPD: The draft ordinance will be posted for public comment two weeks before the Dec 8 meeting.
> darnells-cousin.bsky.social: My aunt cried when she read this. It doesn't fix Darnell's eye, but it's something.
>> mutual-aid-rvt.bsky.social: Your family's voice did this 💛
> deltaheron.bsky.social: I'll admit this is more than I expected.
> retired-lt-gary.bsky.social: The union will fight the subpoena part. Expect a lawsuit.
>> union-dad-rvt.bsky.social: Let them. Other cities have defended it in court.
> copwatch-rvt.bsky.social: Names on uniforms by Jan 1 is a big one for us. We'll be checking.
> jenna-w.bsky.social: Will the letter be available in accessible formats?
>> RPD: Yes, there's an accessible PDF and a plain text version on the page, and a Spanish translation.
> mara-bikes.bsky.social: Back to defending you on here, cautiously 🚲
> rivertonledger.bsky.social: Council President tells us she expects the ordinance to have "broad support". Story: riverton-ledger.example/review-board

## b-oct-stats bluesky rivertonpd.bsky.social 2026-11-10 11:01 likes=110
October 2026 crime numbers by neighborhood, with the raw CSV. Violent crime -10% vs Oct 2025, burglary -24%, vehicle theft -19%, theft from vehicles +56% (catalytic converters). One month is noisy, so please read the limitations. rivertonpd.example/stats/2026-10
> policy-wonk-pat.bsky.social: A police department writing "one month is noisy" is growth. Thank you.
> sam-at-rcc.bsky.social: Adding this to our class project!
> tomaszk.bsky.social: Can you add use of force numbers to the monthly posts?
>> RPD: Use of force is published quarterly on the transparency portal. We'll link it in the monthly posts from December on.
> stat-skeptic.bsky.social: Comparing 3 shootings to 2 is meaningless, but at least they say one month is noisy. Respect.
> ottoinriverton.bsky.social: +56% catalytic converters. my Prius is scared

## b-missing-tyrese bluesky rivertonpd.bsky.social 2026-11-12 19:01 likes=70 reposts=310
MISSING: Tyrese Coleman, 13, didn't come home from Riverton Middle School today. Last seen about 3:15pm walking toward Harlan Heights. 5'0", slim, black puffer jacket, red backpack, blue Nike shoes. Call 911 or (555) 304-2200.
> eastgate-elle.bsky.social: Reposted. Please come home Tyrese
> quiet-librarian.bsky.social: Checking with our Harlan Heights branch staff, kids hang out there after school.
>> RPD +30m: Thank you, that's really helpful. Please call 911 if anyone has seen him.
> RPD +4h10m: UPDATE: Tyrese has been found safe at a friend's house and is home with his mom. Thank you everyone.
>> jenna-w.bsky.social: 💙 so glad

## b-porch bluesky rivertonpd.bsky.social 2026-11-17 10:01 likes=45
Porch pirate season is here. 📦 Ship to a locker or your workplace if you can, use delivery instructions to hide packages, and if your doorbell cam catches something, report it at rivertonpd.example/report so detectives can connect cases.
> ottoinriverton.bsky.social: the library does package holds now btw, you can ship to the Market St branch
>> quiet-librarian.bsky.social: We do! Free for cardholders 📦📚
>>> RPD: Great tip, thank you both!
> apartment-annie.bsky.social: Any tips for apartments? Our mailroom is a free-for-all
> fedi-refugee.bsky.social: any update on the guy on Juniper that was doing this last week?

## b-academy bluesky rivertonpd.bsky.social 2026-11-19 15:01 likes=130
Congratulations to the 14 recruits of Academy Class 2026-2 who graduated today! 🎓 Next: 16 weeks with field training officers. This class had 40 hours of de-escalation training, up from 8 hours five years ago.
> policy-wonk-pat.bsky.social: 40 hours of de-escalation is a meaningful change. Good.
> deltaheron.bsky.social: 40 hours and then a field training officer tells them to forget all that
>> retired-lt-gary.bsky.social: FTO selection matters a lot, that's a fair point honestly
> sam-at-rcc.bsky.social: Two of my classmates graduated today! Congrats y'all
> fto-mike.bsky.social: Proud to be FTO for two of these recruits. 💙
> blue-family-mom.bsky.social: Congratulations to all the new officers and their families 💙

## bm-restraining bluesky rivertonpd.bsky.social 2026-10-17 22:50 kind=mention author=scared-in-southbend.bsky.social tags=urgent
@rivertonpd.bsky.social my ex is outside my apartment on Tulane banging on the door and he has a protective order against him. what do i do, do i call or is that overreacting
> fedi-refugee.bsky.social: CALL 911 NOW. That's not overreacting, that's exactly what it's for
> quiet-librarian.bsky.social: Call 911. Violating a protective order is a crime. Please be safe.
> RPD +11m: Please call 911 right now, this is exactly what 911 is for. Stay inside with the door locked and away from the door. If you can't talk, you can text 911 in Riverton.
>> scared-in-southbend.bsky.social: called. they're coming. thank you all
>>> RPD: We're glad you called. Our Victim Services team can help with next steps: (555) 304-2230, weekdays 8-5.

## bm-bikelane bluesky rivertonpd.bsky.social 2026-10-06 08:20 kind=mention author=mara-bikes.bsky.social
Day 6 of photographing cars parked in the Grand Ave bike lane. @rivertonpd.bsky.social you said bike lane enforcement week in October. It's October. 📸🚲
> ottoinriverton.bsky.social: the delivery vans are the worst offenders
> RPD: It's coming! Bike lane enforcement week is Oct 19-23, focused on Grand Ave and Market St. Keep the photos coming, they help us pick times and places.
>> mara-bikes.bsky.social: holding you to it 🚲

## bm-bikelane-2 bluesky rivertonpd.bsky.social 2026-10-22 08:45 kind=mention author=mara-bikes.bsky.social
Bike lane on Grand is CLEAR this morning and there's an officer on a bike writing tickets. @rivertonpd.bsky.social I take back (some of) what I said 🚲🎉
> RPD +40m: 🚲 Told you! 42 citations and 19 warnings so far this week.
> jenna-w.bsky.social: love to see it

## bm-ledger bluesky rivertonpd.bsky.social 2026-10-05 10:20 kind=mention author=rivertonledger.bsky.social
Riverton Police say body-worn camera video of Saturday's Delmar Ave arrest will be released within 5 business days. The man arrested, identified by family as Darnell Hayes, 24, remains hospitalized. @rivertonpd.bsky.social declined to name the officers.
> copwatch-rvt.bsky.social: Thanks for covering it, Ledger.

## bm-abuse bluesky rivertonpd.bsky.social 2026-10-10 00:30 kind=mention author=pigs-burn-rvt.bsky.social tags=abusive
@rivertonpd.bsky.social you're all thugs with pensions. disgusting subhuman garbage

## bm-thanks bluesky rivertonpd.bsky.social 2026-11-01 13:10 kind=mention author=eastgate-elle.bsky.social
Trunk-or-treat at @rivertonpd.bsky.social last night was so sweet. My daughter with a nut allergy got to pick from a whole table of toys and she cried happy tears. Thank you 🧡🎃
> quiet-librarian.bsky.social: 🧡 that's the best
> RPD: This made our day. Thank you for telling us! 🎃

## bm-noise bluesky rivertonpd.bsky.social 2026-11-15 23:55 kind=mention author=ottoinriverton.bsky.social
is there an actual way to report a party that's been going since 8pm or do I just suffer @rivertonpd.bsky.social

## bm-ext-reply bluesky rivertonpd.bsky.social 2026-10-21 08:10 kind=mention author=policy-wonk-pat.bsky.social parent=external
Good thread. Worth noting @rivertonpd.bsky.social publishes stop data as CSV quarterly, which most departments in the state don't. That's why we could even have this conversation.

## bq-bwc bluesky rivertonpd.bsky.social 2026-10-09 17:30 kind=quote quotes=b-uof-bwc author=copwatch-rvt.bsky.social
Our synced version of the bystander video and both body cams is up. 2:14 onward is what the SID review has to answer for.
> deltaheron.bsky.social: thank you for doing this work
> retired-lt-gary.bsky.social: Good sync work, genuinely. Makes it easier to follow.

## bq-forum bluesky rivertonpd.bsky.social 2026-11-06 15:00 kind=quote quotes=b-forum-response author=policy-wonk-pat.bsky.social
This is what responsive policing looks like on paper. Dec 8 is where we find out if it's real. Riverton folks, show up.

## bq-stats bluesky rivertonpd.bsky.social 2026-11-10 12:15 kind=quote quotes=b-oct-stats author=sam-at-rcc.bsky.social
our stats class is doing a whole unit on this dataset now lol. thanks RPD
> RPD: We'd love to see the final projects! 📊
"""
