// Builds `../common-passwords.ts`: the sorted, lower-case list of common and breached passwords the Worker refuses
// (worker/src/lib/password-policy.ts). The list is assembled here from word lists written for this project: the
// passwords that top every public "most common passwords" ranking, keyboard walks, digit patterns, and what
// Vietnamese users pick (love phrases, names, places, football, office words) alone and with the usual digits.
// Run: `node worker/src/lib/password-list/generate.mjs` (prints the entry count and the size of the module).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const words = (text) => text.trim().split(/\s+/);

// The passwords every public ranking of leaked passwords puts at the top (English-speaking and international).
const TOP = words(`
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123 football monkey
letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael 654321 superman 1qaz2wsx 7777777
121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter buster soccer harley batman andrew
tigger sunshine iloveyou 2000 charlie robert thomas hockey ranger daniel starwars klaster 112233 george computer
michelle jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa ginger princess
joshua cheese amanda summer love ashley nicole chelsea biteme matthew access yankees 987654321 dallas austin thunder
taylor matrix william corvette hello martin heather secret merlin diamond 1234qwer gfhjkm hammer silver 222222 88888888
anthony justin test bailey q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie richard samantha bigdog guitar
jackson whatever mickey chicken sparky snoopy maverick phoenix camaro peanut morgan welcome falcon cowboy ferrari
samsung andrea smokey steelers joseph mercedes dakota arsenal eagles melissa boomer booboo spider nascar monster tigers
yellow xxxxxx 123123123 gateway marina diablo bulldog qwer1234 compaq purple hardcore banana junior hannah 123654
porsche lakers iceman money cowboys 987654 london tennis 999999 ncc1701 coffee scooby 0000 miller boston q1w2e3r4
brandon yamaha chester mother forever johnny edward 333333 oliver redsox player nikita knight fender barney midnight
please brandy chicago badboy slayer rangers charles angel flower bigdaddy rabbit wizard jasper enter rachel chris
steven winner adidas victoria natasha 1q2w3e4r jasmine winter prince panties marine ghbdtn fishing cocacola casper
james 232323 raiders 888888 marlboro gandalf asdfasdf crystal 87654321 12344321 golden 8675309 panther lauren angela
thx1138 angels madison winston shannon mike toyota blowme jack russia elizabeth bond007 butter jackie maximum
p@ssw0rd passw0rd password1 password12 password123 password1234 qwerty123 qwerty1234 qwerty12345 abc12345 abcd1234
1q2w3e 1q2w3e4r5t zaq12wsx zaq1zaq1 !qaz2wsx qazwsxedc qwe123 asd123 zxc123 123abc a1b2c3 a1b2c3d4 aa123456 admin
admin123 administrator root toor guest login welcome1 changeme default letmein1 master123 iloveyou1 princess1
sunshine1 monkey1 dragon1 football1 baseball1 shadow1 superman1 trustno1 1qazxsw2 qwertyui asdfghjkl zxcvbnm1
lovely babygirl loveme family friends friend hello123 whatever1 anything nothing blessed jesus christ heaven
myspace1 soccer1 hottie mylove sweety sweetheart cutie pretty beautiful butterfly charlie1 jordan23 michael1
liverpool manchester barcelona realmadrid juventus chelsea1 arsenal1 ronaldo messi neymar beckham rooney
pokemon naruto minecraft fortnite roblox dota2 starcraft warcraft counter legend zelda mario sonic pikachu
google facebook youtube twitter instagram tiktok yahoo hotmail gmail outlook microsoft windows apple iphone android
samsung1 nokia sony dell lenovo asus acer huawei xiaomi oppo vivo
qwerty1 qwerty12 1qaz 2wsx 3edc zaq1 xsw2 cde3 qazxsw qweasd qweasdzxc asdzxc qwaszx 1qaz2wsx3edc 1q2w3e4r5t6y
q1w2e3r4t5y6 zaq1xsw2cde3 1qaz2wsx3edc4rfv qazwsxedcrfv asdfghjkl; qwertyuiop[] 147258369 159357 741852963 789456123
963852741 123789 456789 789456 147258 258369 369258 852456 159951 753951 951753 357159 0987654321 09876543
secret1 secret123 test123 test1234 testing demo demo123 guest123 user user123 temp temp123 pass123 pass1234 passwd
letmein123 welcome123 hello1 hi123 abcdef abcdefg abcdefgh 1234abcd abcd123 aabbcc 112233aa 1122334455 11223344
`);

// English words people build passwords from (they are refused alone and with the usual digits and symbols around them).
const ENGLISH = words(`
admin access action adam alex alexander alexandra alice alien alpha amber america anaconda angel angelina animal anna
apollo apple april arizona arthur asshole athena atlanta august aurora austin autumn avatar baby babygirl bandit barbie
basketball batman beach bear beautiful beauty benjamin berlin bigboy billy birdie bitch black blackjack blade blaster
blessing blonde blue bluebird bobby bonjour boss brian brooklyn brother brownie bubba bubbles buddy bullet bullshit
butterfly caesar california cameron canada candy captain carlos carolina carter casino castle catdog caterpillar
champion chance changeme charlotte cherry chevy chocolate christian christmas cinderella cindy claire classic
cloud clover coach cobra college colorado computer cookie cool cooper corona cougar country courtney cowboy crazy
cricket crimson cyber daddy daisy dancer danger darkness darling david dead death december delta denver destiny
devil diamond digital dolphin donald doctor dream dreamer driver dumbass eagle earth easter eclipse einstein elephant
elvis emerald emily eminem energy england enigma esther eternity europe evolution explorer express extreme fairy
falcon fantasy farmer february felix ferrari fighter fire firebird fireman florida flower flowers flyer forest
freedom friday friendship frog front242 fuckyou fucker future galaxy games garden genesis genius ghost giants gibson
gladiator global goddess godzilla golf goodluck gorilla grace green gregory guitar gunner hacker happy happiness
harmony harry hawaii heart hearts heaven hello helpme hercules hermes hockey holiday homer honda honey horse house
houston hunter hurricane iceman imagine infinity internet ireland italia jackass jaguar jamaica january japan jasmine
jennifer jeremy jerry jesus jimmy johnson joker jordan joseph journey jupiter justice kevin killer king kitten kitty
knight lakers laptop laser leather legend lemon leonardo liberty lightning lincoln linda lion little lizard logan
london lonely lovely lover loveyou lucky lucy madonna magic magnum malibu mamamia mango marathon marley marvel mary
master matrix maxwell medusa memory mercury mermaid metal miami mickey midnight mike million miracle mirror mission
monday money monkey monster moonlight morning mother mountain movie music mustang mystery nathan natalie nature
network newyork nicholas night ninja nirvana november ocean october office olivia omega online orange oscar paradise
paris parker password passion patriot peace peaches peanut pearl penguin pepper people phoenix pilot pirate player
playstation pokemon police poohbear popcorn power precious president prince princess private pumpkin puppy purple
queen qwerty rabbit racing rainbow random ranger raptor raven rebel red redskins remember rescue richard robert
robin rock rocket rockstar romance rose rosebud runner russia sabrina sailor samantha sammy sandra saturn scorpion
scorpio secret september shadow shark sierra silver simple simpson skater skippy skyline slayer smile smiley snake
sniper snowball snowman soccer soldier sophie space sparkle spencer spider spiderman spirit spring squirrel star
stars starwars steelers stella steven sticky storm stranger strong student success sugar summer sun sunday sunflower
sunny sunshine super superman surfer survivor sweet swimming sydney system tango target teacher teddy teddybear
tennis texas thunder tiffany tiger tigger time titanic tomcat topgun toyota travel trinity trouble tucker turtle
twilight united universe valentine vampire vanessa victor victory viking violet virginia vision voyager warrior
warriors water whatever white william willow wilson winner winter wisdom wolf wolverine wonder world wrestling
xavier yankee yellow young zachary zeus zombie
`);

// Vietnamese: phrases, feelings, places, football, the office, the product's own words (all without diacritics).
const VIETNAMESE = words(`
matkhau matkhaucuatoi matkhaumoi matkhaucu matkhaumanh matkhau1 quenmatkhau doimatkhau nhapmatkhau khongcomatkhau
anhyeuem emyeuanh yeuem yeuanh anhyeuemnhieu emyeuanhnhieu anhyeuemmaimai emyeuanhmaimai anhnhoem emnhoanh anhthuongem
emthuonganh thuongem thuonganh yeuemmaimai yeuanhmaimai yeumaimai maimaibennhau mailabennhau bennhaumaimai tinhyeu
tinhyeucuatoi tinhyeuvinhcuu tinhdau tinhnhan nguoiyeu nguoiyeucu vo chong voyeu chongyeu vochong hanhphuc giadinh
giadinhlaso1 giadinhtoi bome bame mebe conyeu contrai congai embe embeyeu beyeu cucung cungcung baobei honey
toiyeuban toiyeuem toiyeuanh toiyeuvietnam yeuvietnam vietnam vietnamvodich vietnamoi vietnamquehuongtoi
hanoi hanoi123 hanoiyeu saigon saigonyeu hochiminh tphcm danang haiphong cantho hue nhatrang dalat vungtau
quangninh halong thanhhoa nghean hatinh quangbinh quangtri quangnam quangngai binhdinh phuyen khanhhoa ninhthuan
binhthuan kontum gialai daklak daknong lamdong binhphuoc tayninh binhduong dongnai longan tiengiang bentre travinh
vinhlong dongthap angiang kiengiang haugiang soctrang baclieu camau laocai yenbai dienbien laichau sonla hoabinh
hagiang caobang backan langson tuyenquang thainguyen phutho bacgiang bacninh haiduong hungyen thaibinh hanam
namdinh ninhbinh vinhphuc sontay hadong
bongda bongdavietnam doituyenvietnam vodich manchesterunited manutd mu chelsea arsenal liverpool barcelona realmadrid
hagl hoanganhgialai congvinh quanghai congphuong vanhau tienlinh
conmeo concho conheo conga convit conbo contrau conkhi conran conrong concop consutu meocon chocon heocon meo cho
khongbiet khongcogi khongnho khongco khong coco hihi haha hehe huhu keke hoho hichic xinchao chaoban chaoem chaoanh
camon cambiet tambiet buonqua vuive vuiqua vuivui buonbuon codon motminh chanqua metqua
dangnhap dangky taikhoan quantri quantrivien quanly quanlyhethong hethong ketoan nhanvien canbo congchuc vienchuc
giamdoc truongphong phophong thutruong lanhdao kiemtra kiemtravien thanhtra motcua bophanmotcua motcualienthong
ubnd uybannhandan uybanxa uybanphuong xaphuong phuongxa tiepnhan tiepnhanhoso hoso hosocongviec dichvucong
congdichvucong chinhphu nhanuoc congan bocongan quandoi bodoi truonghoc sinhvien hocsinh giaovien thaygiao cogiao
daihoc caodang benhvien bacsi yta nganhang vietcombank techcombank agribank vietinbank bidv mbbank vpbank acb sacombank
viettel vinaphone mobifone fpt vnpt zalo
saobang bautroi mattroi mattrang ngoisao hoahong hoacuc hoalan hoamai hoadao binhminh hoanghon muaxuan muaha muathu
muadong thienthan acquy thiendia thanhxuan tuoitre ngaymai homnay homqua
sinhnhat chucmung chucmungnammoi tet tetnguyendan trungthu giangsinh noel
aothuat doremon nobita conan
`);

const SURNAMES = words(`nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly trinh dinh lam mai truong cao luong ta`);
const GIVEN = words(`
an anh bao binh chau chi cuong dat duc dung duy giang ha hai hang hanh hau hien hieu hoa hoai hoang hong hue hung
huong huy khang khanh khoa kien lam lan linh loan loc long mai minh my nam nga ngan nghia ngoc nguyet nhan nhi nhung
oanh phat phong phu phuc phuong quan quang quoc quy quyen quynh sang son tai tam tan thai thang thanh thao thinh thu
thuy tien tin toan trang tri trinh trung truc tu tuan tung uyen van viet vinh vy xuan yen
`);
const MIDDLE = words(`anh bao duc gia hai hoang hong khanh kim minh my ngoc phuong quang quoc thanh thi thu tuan van viet xuan`);

const entries = new Set();
const add = (w) => {
  const v = w.toLowerCase();
  if (v.length >= 4 && v.length <= 64 && !/\s/.test(v)) entries.add(v);
};
for (const w of [...TOP, ...ENGLISH, ...VIETNAMESE]) add(w);
// Names: surname + given name, middle + given name, "I love <name>" phrases, given names alone.
for (const g of GIVEN) {
  add(g);
  for (const s of SURNAMES) add(s + g);
  for (const m of MIDDLE) if (m !== g) add(m + g);
  for (const p of ['anhyeu', 'emyeu', 'yeu']) add(p + g);
}
// Digits people type: runs, repeats, dates, and the 12-digit ones the new minimum invites.
for (let n = 4; n <= 16; n++) {
  add('1234567890123456'.slice(0, n));
  add('9876543210987654'.slice(0, n));
  add('0123456789012345'.slice(0, n));
  for (const d of '0123456789') add(d.repeat(n));
}
for (const unit of ['12', '123', '1234', '12345', '123456', '112233', '1122', '69', '123321', '147', '159', '007', '520', '1314', '5201314']) {
  for (let k = 2; unit.length * k <= 16; k++) add(unit.repeat(k));
}
for (const extra of ['123456654321', '147258369000', '123456789000', '100200300400', '123456123456', '098765432112', '520131452013', '5201314520']) add(extra);
// Common words with the digits and symbols users put after them, spelled out for the exact-match lookup.
for (const w of ['password', 'matkhau', 'anhyeuem', 'emyeuanh', 'iloveyou', 'qwerty', 'admin', 'vietnam', 'hanoi', 'saigon', 'motcua', 'quantri', 'welcome', 'abc', 'abcd', 'qwe', 'asd', 'zxc']) {
  for (const s of ['1', '12', '123', '1234', '12345', '123456', '1234567', '12345678', '123456789', '2024', '2025', '2026', '@123', '@2025', '@2026', '!', '!!', '!@#', '123!', '@']) add(w + s);
}

const sorted = [...entries].sort();
const body = sorted.join('\n');
const here = dirname(fileURLToPath(import.meta.url));
const out = `// Generated by password-list/generate.mjs; do not edit by hand (edit the word lists there and run it again).
// ${sorted.length} common and breached passwords, lower-case, without diacritics, sorted, one per line.
export const COMMON_PASSWORDS = \`${body}\`;
`;
writeFileSync(join(here, '..', 'common-passwords.ts'), out);
console.log(`${sorted.length} entries, ${Buffer.byteLength(out)} bytes`);
