# ruff: noqa: E501  (written text, one item per line so each reply reads and diffs on its own)
"""Riverton PD conversations on its Facebook Page (RivertonPD).

Facebook comment culture differs from X's: longer comments, more local detail (streets, schools,
businesses, neighbours), people named and tagged by their full names, friends answering friends,
and more thanks and prayers. Authors are full names written with underscores for spaces (the
generator turns them back into names). Format: see :mod:`engage.demo_data.threadscript`.
Everything here is fictional.
"""

SCRIPT = r"""
## f-water-main facebook RivertonPD 2026-09-24 10:15 likes=180 reposts=95
TRAFFIC ALERT: Main St is closed between 3rd Ave and 5th Ave until Friday evening for an emergency water main repair. Detour via Elm Ave. Please give the crews room to work and expect delays around Lincoln Elementary at drop-off and pick-up.
> Dan_Kowalski: Is the detour via Elm OK for delivery trucks? My hardware store on 4th gets a pallet delivery every Thursday morning and the driver already complained last time Main was closed.
>> RPD: Hi Dan, trucks under 10 tons can use Elm. Heavier loads should come in on Route 9 and turn onto 4th from the south side. We've let the water department know about the Thursday deliveries too.
>>> Dan_Kowalski: Thank you, that actually helps a lot. I'll pass it on to the driver.
> Linda_Park: My son's school bus goes down Main every morning. Has anyone told the district? Pat at the Lincoln front office said they hadn't heard anything as of 9am.
>> Pat_Hernandez: Linda we got the call at 9:40, buses are rerouting down Elm starting this afternoon. Might be 10 minutes late the first day.
>>> Linda_Park: Thanks Pat, you're the best.
> Frank_Oduya: When will it actually reopen? Friday morning or Friday evening? I have a funeral at St. Brigid's Saturday and half my family is coming in from out of town.
>> RPD +2h: Frank, the crews are aiming for Friday at 6pm. We'll post here as soon as it reopens. Sorry for your loss.
> Gloria_Mendez: Who is paying for this? Third time this year that same stretch has burst. Somebody at the city needs to explain why they keep patching it instead of replacing the pipe.
>> Ron_Whitaker: The water dept said at the council meeting the full replacement is budgeted for 2027. Don't hold your breath.
>>> Gloria_Mendez: 2027! Meanwhile my basement on 3rd floods every time.
> Sharon_Beale: Thank you to the officers out there directing traffic in this heat. The young man at 5th and Main was so polite when I asked him how to get to the pharmacy.
> Tyler_Nguyen: Coworkers be warned, Elm is already backed up to the Dairy Queen 🙃
> Marcy_Albright: Can you please put up signs on 2nd Ave too? People are cutting through our street at 40 mph to avoid the detour and there are little kids on this block.
>> RPD: Thanks Marcy, we've asked traffic to add a patrol on 2nd Ave during rush hour and the city is bringing out a "Local Traffic Only" sign this afternoon.
>>> Marcy_Albright: Saw the officer there at 5. Appreciate it!

## f-found-dog facebook RivertonPD 2026-10-02 08:05 likes=310 reposts=240
FOUND DOG: Officers found this sweet brown and white pit mix near Cedar Park early this morning, no collar, no chip. He's safe at Riverton Animal Services on Industrial Pkwy. If he's yours, call (555) 304-2250 with a photo. Please share!
> Brenda_Castillo: Oh my goodness he looks just like the dog that was always in the yard on Walnut and Cedar, the white house with the blue shutters. Karen Doyle isn't that your neighbor's dog?
>> Karen_Doyle: Brenda I think it is!! I'm going over there right now to knock.
>>> Karen_Doyle: It's Biscuit! He dug out under the fence last night. Mike is on his way to Animal Services. THANK YOU RPD 💙
>>>> RPD: That's the best news of our morning. Give Biscuit a hug from the night shift.
> Debbie_Schultz: This is why I love this town. Shared to Riverton Pet Lovers.
> Luis_Romero #es: Compartido. Mi vecina perdió un perro parecido la semana pasada, le voy a avisar por si acaso.
> Angela_Price: Please people microchip your pets!! Riverton Animal Services does it for $15 on the first Saturday of the month.
>> RPD: Angela is right: $15 microchips at Animal Services, first Saturday of every month, 9am to noon.
> Jim_Carver: Nice to see the police doing something useful for once instead of sitting at the speed trap on Route 9.
>> Sharon_Beale: Jim they can do more than one thing. Those officers found this dog at 4am.
>>> Jim_Carver: I'll believe it when they fix the speeding on my street.
> Cheryl_Lang: Prayers he finds his way home 🙏🙏
> Tom_Reilly: Biscuit is famous now lol. My kids want to meet him.

## f-car-breakins facebook RivertonPD 2026-10-09 16:30 likes=140 reposts=160
We've had 14 car break-ins in the Westside neighborhood in the last two weeks, mostly overnight on Maple, Birch and Sycamore. In almost every case the car was unlocked or had a bag in plain sight. Lock your car, take your valuables inside, and call us if you see someone trying door handles: (555) 304-2200, or 911 if it's happening right now.
> Heather_Morrison: Our Ring camera caught two guys going down Birch at 3:12am on Tuesday trying every car door. I sent it to the email on your website but never heard back. Is anyone actually looking at these?
>> RPD: Heather, thank you for sending it. Detective Alvarez in property crimes has your video and is comparing it with two others from Sycamore. She will call you this week.
>>> Heather_Morrison: Thank you. She called this afternoon, very nice lady.
> Greg_Patel: Mine was locked and they smashed the window anyway for a gym bag with dirty clothes in it. $400 to replace the window. So much for "lock your car".
>> Nancy_Okafor: Same thing happened to my daughter on Maple. Took her laptop bag. She had it on the floor under a jacket.
>>> Greg_Patel: Sorry Nancy, that's awful. Hope she had her work stuff backed up.
> Bill_Hanley: Maybe if the DA actually kept these people in jail we wouldn't have this problem. Catch and release is why.
>> Rosa_Delgado: Bill they haven't even caught anyone yet so what is there to release
>>> Bill_Hanley: Rosa you know exactly what I mean.
> Kevin_Brandt: Is there a neighborhood watch for Westside? I'd join. I work nights so I'm up anyway.
>> RPD: Kevin, yes! The Westside Neighborhood Watch meets the second Tuesday of the month at the Westside library at 7pm. Officer Chen, our community officer, goes to every meeting.
>> Heather_Morrison: Kevin come! We need more people on the Sycamore end.
> Pam_Gorski #urgent: There is someone going car to car on Birch RIGHT NOW, dark hoodie, near the 300 block, I'm watching from my window
>> RPD +6m: Pam, please call 911 right away so dispatch can send the closest car. We've passed your message to dispatch as well.
>>> Pam_Gorski: I called, they're here. Thank you.
> Carla_Jimenez: Are the cameras on Maple and 7th working? The city put them up last year.

## f-coffee-cop facebook RivertonPD 2026-10-16 09:00 likes=95
Thank you to everyone who came out to Coffee with a Cop at the Eastside library this morning! Over 60 of you stopped by to talk about traffic, the new skate park, and what's happening on Division St. Special thanks to Bean There Cafe for the coffee and to the library staff for hosting.
> Jo_Whitfield: Great event, Officer Reyes was so patient with my kids. They haven't stopped talking about sitting in the police car.
>> RPD: Thanks Jo! Officer Reyes says your kids asked the best questions of the day. We'll be at the Westside branch next month.
> Chris_Dunn: Sam Lee you should come next time, they had answers about the stop sign on Division we've been asking about forever
>> Sam_Lee: Chris I saw! I was at work. Did they say they'll put one in?
>>> Chris_Dunn: They said the traffic study is done and it goes to council in November. So maybe.
> Evelyn_Grant: I'm 82 and I've lived on the Eastside for 50 years. The young officer who sat with me for half an hour and listened to me talk about the old neighborhood made my week. Thank you.
>> RPD: Evelyn, thank you for coming and for sharing your stories. Officer Patel said it was the highlight of his morning too.
> Marcus_Reed: Would be nice if you did one of these in the evening. Some of us work 9 to 5.
>> RPD +1d: Good point Marcus. We're planning an evening session in December, 6 to 8pm. We'll post the date here.
> Dolores_Fuentes #es: Gracias por venir al barrio. ¿La próxima vez podrían traer a alguien que hable español? Mi mamá quería ir pero le da pena.
>> RPD #es: ¡Claro que sí, Dolores! La próxima vez vendrá la agente Morales, que habla español. Su mamá es muy bienvenida.
> Steve_Kim: The coffee was actually good this time, last year it was gas station coffee lol

## f-speeding-route9 facebook RivertonPD 2026-10-22 14:00 likes=70 heat=2
Our traffic unit will be running extra speed enforcement on Route 9 between Mill Creek Rd and the county line for the next two weeks, after three serious crashes there since August. The limit is 45. Please slow down. We'd rather hand out warnings than knock on a family's door.
> Jim_Carver: Here we go. Revenue time. Funny how the speed trap shows up right before the budget vote.
>> Laura_Bishop: Jim my nephew was in one of those crashes. He's still in a wheelchair. It's not revenue, people fly down that road.
>>> Jim_Carver: Sorry about your nephew Laura. I still think it's about the money.
>>>> Laura_Bishop: Then come sit on my porch on Route 9 any evening and count the cars doing 70.
> Tammy_Sullivan: Can you please do something about Mill Creek Rd itself too? From the Route 9 light to the high school it's a racetrack after football games on Friday nights.
>> RPD: Tammy, thanks, we'll add Mill Creek Rd near the high school on Friday nights during the enforcement period.
> Dwayne_Foster: What about the semis that run the red light at Route 9 and Industrial? Every morning around 6:30 at least one goes through on red.
>> RPD +3h: Dwayne, we've asked the traffic unit to sit at Route 9 and Industrial during the 6-7am window next week. Thank you for the specific time, that helps.
> Hank_Morrow #abusive: You pigs have nothing better to do than harass working people. Go catch some real criminals you useless clowns
> Rachel_Ames: Thank you. I drive my kids on Route 9 every day and I'm scared every time someone passes on the double yellow near the orchard.
> Ben_Ochoa: Is the speed camera idea still being considered? Seems better than officers sitting there.
>> Rachel_Ames: Ben I think the state doesn't allow them here, they talked about it at the council meeting.

## f-trunk-or-treat facebook RivertonPD 2026-10-29 11:00 likes=210 reposts=130
🎃 Trunk-or-Treat is this Saturday, Oct 31, 4-7pm in the Riverton Community Center parking lot! Candy, a K9 demo at 5pm, and you can climb into a real patrol car. Decorate your trunk and join us: sign up at the front desk of the community center. Costumes encouraged for officers too 👮
> Ashley_Turner: Is it OK to bring our dog in costume? Our golden retriever goes as a hot dog every year 🌭
>> RPD: Ashley, friendly dogs on a leash are welcome! Just keep them away from the K9 demo area. We need to see the hot dog.
>>> Ashley_Turner: He'll be there!! 😂
> Monica_Reyes: Will there be allergy friendly candy? My daughter has a severe peanut allergy and Halloween is always stressful for us.
>> RPD: Monica, yes: the teal pumpkin table will have non-food treats and nut-free candy. Look for the teal pumpkin by the entrance.
>>> Monica_Reyes: Thank you so much, this means a lot to us.
> Derek_Holt: What happens if it rains? Last year the forecast was bad and nobody knew if it was on.
>> RPD +1d: Derek, if it rains we move into the community center gym, same time. We'll post here by noon on Saturday.
> Priya_Shah: Our Girl Scout troop 412 would love to do a trunk. Is there still room?
>> RPD: Priya, there's room for a few more. Stop by the community center desk or call (555) 304-2230 and ask for Officer Chen.
> Betty_Lou_Harmon: Wish they had this when my kids were little. We just walked door to door and hoped for the best!
> Freddie_Watts: Will the chief be in costume? Asking for the whole department 😂
> Gary_Novak: Nice PR stunt. How about answering the emails about the Division St stop sign instead.
> candy-deals-outlet #spam: 🍬 BULK HALLOWEEN CANDY 70% OFF 🍬 message us for wholesale prices, free shipping to Riverton!!!

## f-storm facebook RivertonPD 2026-11-05 17:45 likes=160 reposts=300 heat=2
SEVERE WEATHER: Trees and power lines are down across the Northside after this afternoon's storm. Oak St, Hillcrest Dr and part of Mill Creek Rd are closed. Stay at least 30 feet away from downed lines and assume they are live. Report outages to Riverton Power: (555) 304-1000. Call 911 only for emergencies.
> Janet_Cole: Huge tree down across Hillcrest at Pine, the whole road is blocked and the wires are sparking. Has anyone reported it?
>> RPD: Janet, thank you. Hillcrest at Pine is reported and Riverton Power has a crew on the way. Please keep everyone back from the sparking line.
> Oscar_Lindqvist #urgent: There's an old man in the house at 214 Oak St, he's on oxygen and the power has been out for 3 hours. His daughter is in another state and can't reach him. Can someone check on him please
>> RPD +9m: Oscar, we've sent an officer to 214 Oak St for a welfare check. Please also call 911 if you think he's in danger right now.
>>> Oscar_Lindqvist: Thank you, his daughter just messaged me, the officer is there and the fire department brought a generator. God bless you all.
> Mike_Donnelly: No power on the whole 400 block of Mill Creek since 2pm. Power company website says "investigating". Anyone heard an estimate?
>> Susan_Park: Mike they told me midnight when I called, but who knows.
>>> Mike_Donnelly: Thanks Susan. Guess we're eating the freezer food tonight.
> Laura_Bishop: Thank you to the officers who blocked off Route 9 by the orchard. A huge branch came down right in front of the car ahead of me.
> Ray_Hutchins: Is the Northside shelter open? My mother's house has no heat and it's going to be 30 degrees tonight.
>> RPD: Ray, yes, the warming center at the Northside rec center on Lincoln Ave is open tonight from 6pm. Riverton Transit is running a free shuttle from the library.
> Ellen_Marsh: Can you share which roads are open to get to the hospital from the north side? My husband has dialysis at 6am.
>> RPD +13h: Ellen, Oak St and Hillcrest are open again as of 6am. Mill Creek Rd is still closed between Pine and Route 9. Hope your husband got there OK.
> Shirley_Dunbar: Prayers for everyone on the Northside. Stay safe and check on your elderly neighbors 🙏

## f-veterans facebook RivertonPD 2026-11-11 09:30 likes=260 reposts=45
On Veterans Day we thank every veteran in Riverton for your service, including the 23 veterans who serve in our department today. Join us at the Veterans Memorial in Riverside Park at 11am for the ceremony.
> Walter_Briggs: Thank you. Vietnam 1968-69. Proud of the young men and women at RPD who served.
> Carol_Ng: My dad served in Korea and was a Riverton officer for 30 years after. Sgt. Robert Ng. He would have loved to see this.
>> RPD: Carol, thank you for sharing. Sgt. Ng's name is still on the plaque in our lobby. We'd be honored if you came to the ceremony.
>>> Carol_Ng: I'll be there with my kids. Thank you for remembering him.
> Terrence_Boyd: Thank you to all who served. And I hope the department remembers veterans in crisis too. The response to the man on the bridge last spring still bothers a lot of us.
>> RPD +1d: Terrence, that's fair, and it's something we think about. Every officer now has crisis intervention training, and we work with the VA's crisis team. If anyone you know needs help, the Veterans Crisis Line is 988, then press 1.
> Lisa_Montgomery: Will the ceremony be streamed? My grandfather can't make it out in the cold anymore.
>> RPD: Lisa, yes, it will be live on this Page at 11am.
> Ken_Watanabe: Semper Fi to the Marines in blue.

## f-thanksgiving-drive facebook RivertonPD 2026-11-18 12:00 likes=120 reposts=85
Our annual Fill the Cruiser food drive is this Saturday, 10am to 2pm, at the Kroger on 5th and the Aldi on Division. Bring canned goods, boxed stuffing, or frozen turkeys. Everything goes to the Riverton Food Pantry. Last year you filled 9 cruisers. Let's beat it! 🦃
> Beth_Carlson: Our office at Riverton Title is collecting all week, we'll drop off Saturday morning. Can you take frozen turkeys at the Aldi location too or only Kroger?
>> RPD: Beth, thank you! Both locations have freezer trucks from the food pantry, so turkeys are welcome at either.
> Victor_Salas: Do you take cash donations? I don't have a car to bring food.
>> RPD: Victor, the food pantry takes cash or card donations at the drive, or online on their website. Every dollar buys about three meals.
> Marge_Kowalczyk: The pantry is asking for peanut butter, cereal and diapers this year, they're always short on those. Just passing it on!
> Jim_Carver: I'll give you this one, this is a good thing you do.
>> Sharon_Beale: Jim! Growth! 😂
>>> Jim_Carver: Don't get used to it Sharon.
> Teresa_Vaughn: Is there a way to request help from the pantry if our family needs it? Asking for us. It's been a hard year.
>> RPD +4h: Teresa, absolutely, and thank you for asking. The Riverton Food Pantry on Grand Ave is open Tue/Thu/Sat 9-1, no questions asked, or call (555) 304-4400 and they'll set up a delivery. We sent you a private message with more.
> Andre_Mitchell: Sgt. Bell said 12 cruisers this year. Let's goooo

## f-stop-sign facebook RivertonPD 2026-11-20 15:10 likes=85
Update on the Division St and Harper Ave intersection that so many of you have asked about: the city council approved a four-way stop at its meeting last night. The signs go up Monday. Expect officers there for the first week to help everyone get used to it.
> Chris_Dunn: FINALLY. Sam Lee it's happening!!
>> Sam_Lee: Took three years and a petition but we did it 🎉
> Gary_Novak: Only took two crashes and a kid getting clipped on his bike. But sure, celebrate.
>> Nora_Fitzgerald: Gary the boy on the bike is my nephew and he's fine now, and our family is just glad it's done.
> Paula_Jennings: Can you also paint the crosswalk? The old lines are almost gone and the kids from Harper Middle cross there.
>> RPD: Paula, the city told us the crosswalk repainting is scheduled for the same week as the signs. We'll confirm here.
> Kyle_Bergstrom: People are going to blow through it for months. Hope the officers actually write tickets instead of just waving.
> Irene_Vasquez #es: Gracias a todos los vecinos que firmaron la petición. ¡Se logró!
> Mark_Tillman: How about the light at Grand and 9th next? Waiting 4 minutes for a green at midnight is ridiculous.
"""
