//! The texts of `--help`, in Indonesian and English: one entry per command (its summary and
//! its examples) and per argument. A new flag needs one line here; the test
//! `every_command_and_argument_has_both_languages` fails until it has it.
//!
//! Keys: `CMD` is a command's summary, `CMD+` its examples (`kuis` is the top level);
//! `CMD.ARG` is an argument of one command, by its clap id (the field name, e.g. `time_limit`);
//! a bare `ARG` serves every command that has that argument and no `CMD.ARG` of its own.
//! Possible values are named in the text itself (clap's own list of them is English).

/// (key, Indonesian, English).
pub const HELP: &[(&str, &str, &str)] = &[
    // ---- commands ----
    (
        "kuis",
        "kuis: berlatih dan menguji aturan netralitas ASN dalam pemilu.\n\nMenjalankan kuis dari bank soal TOML, menjelaskan setiap jawaban dengan aturan dan dasar hukumnya, dan memberi pelatih alat untuk menulis dan memeriksa bank. Bahasa Indonesia secara bawaan; bahasa Inggris dengan --lang en. Tanpa perintah, kuis menjalankan kuis (opsi `kuis take` berlaku).",
        "kuis: practise and test the rules of civil-servant neutrality in elections.\n\nRuns quizzes from TOML question banks, explains every answer with the rule and its legal basis, and gives trainers tools to write and check banks. Indonesian by default; English with --lang en. Without a command, kuis takes a quiz (the options of `kuis take` apply).",
    ),
    (
        "kuis+",
        "Contoh:\n  kuis                                  kuis latihan dari bank bawaan\n  kuis --count 10 --anonymous           10 soal, tanpa menanyakan nama\n  kuis take --count 20 --mode exam      ujian 20 soal dari semua topik\n  kuis check quizzes/                   periksa setiap bank dalam folder\n  kuis --lang en                        kuis yang sama dalam bahasa Inggris",
        "Examples:\n  kuis                                  practice quiz on the built-in bank\n  kuis --count 10 --anonymous           10 questions, no name asked\n  kuis take --count 20 --mode exam      a 20-question exam drawn across all topics\n  kuis check quizzes/                   check every bank in a folder\n  kuis --lang en                        the same quiz in English",
    ),
    (
        "take",
        "Ikuti kuis: latihan (umpan balik setiap jawaban) atau ujian (pembahasan di akhir)",
        "Take a quiz: practice (feedback after each answer) or exam (review at the end)",
    ),
    (
        "take+",
        "Contoh:\n  kuis take                                   bank bawaan, mode latihan\n  kuis take quizzes/ --count all --seed 7     semua soal, urutan dapat diulang\n  kuis take --mode exam --time-limit 15m      ujian 15 menit\n  kuis take --answers jawaban.txt --no-shuffle   dari skrip: satu jawaban per baris (b, a,c, benar)",
        "Examples:\n  kuis take                                   built-in bank, practice mode\n  kuis take quizzes/ --count all --seed 7     every question, reproducible order\n  kuis take --mode exam --time-limit 15m      an exam of 15 minutes\n  kuis take --answers answers.txt --no-shuffle   scripted: one answer per line (b, a,c, benar)",
    ),
    (
        "check",
        "Periksa bank seperti kompilator: berkas, baris, kolom, dan cara memperbaikinya",
        "Check banks for errors, like a compiler: file, line, column, and how to fix it",
    ),
    (
        "check+",
        "Contoh:\n  kuis check                       setiap bank di quizzes/ (atau bank bawaan)\n  kuis check bank.toml --strict    peringatan juga menggagalkan (untuk CI)\n  kuis check --format json         satu diagnostik JSON per baris, untuk editor, dan angka penebak buta",
        "Examples:\n  kuis check                       every bank under quizzes/ (or the built-in bank)\n  kuis check bank.toml --strict    warnings fail too (for CI)\n  kuis check --format json         one JSON diagnostic per line for editors, and the blind-guessing figures",
    ),
    (
        "list",
        "Tampilkan isi bank: topik, aturan, berapa soal untuk masing-masing, bahasa",
        "Show what a bank holds: topics, rules and how many questions cover each, languages",
    ),
    (
        "list+",
        "Contoh:\n  kuis list quizzes/\n  kuis list bank.toml --format json",
        "Examples:\n  kuis list quizzes/\n  kuis list bank.toml --format json",
    ),
    (
        "history",
        "Riwayat percobaan Anda, terbaru lebih dulu, dengan tren per topik",
        "Your past attempts, newest first, with the trend per topic",
    ),
    (
        "history+",
        "Contoh:\n  kuis history                        percobaan Anda (identitas yang diingat)\n  kuis history --nip 199001012020122001\n  kuis history --all --format json    milik semua peserta, untuk pelatih",
        "Examples:\n  kuis history                        your attempts (the remembered identity)\n  kuis history --nip 199001012020122001\n  kuis history --all --format json    everyone's, for a trainer",
    ),
    (
        "review",
        "Ulangi soal yang pernah salah, sampai masing-masing benar dua kali berturut-turut",
        "Practise again the questions you missed, until you get each right twice in a row",
    ),
    (
        "review+",
        "Contoh:\n  kuis review                         soal yang salah pada bank bawaan\n  kuis review --count 10",
        "Examples:\n  kuis review                         the questions you missed on the built-in bank\n  kuis review --count 10",
    ),
    (
        "export",
        "Ekspor percobaan sebagai buku kerja Excel (xlsx), CSV, JSON, JSON Lines, atau pernyataan xAPI",
        "Export attempts as an Excel workbook (xlsx), CSV, JSON, JSON Lines or xAPI statements",
    ),
    (
        "export+",
        "Contoh:\n  kuis export --excel -o hasil.xlsx                   buku kerja Excel (percobaan, jawaban, topik)\n  kuis export --out hasil.csv                         satu baris per percobaan, CSV\n  kuis export --level answer --format jsonl           satu rekaman per jawaban\n  kuis export --format xapi --since 2026-11-01 --unit BKPSDM",
        "Examples:\n  kuis export --excel -o hasil.xlsx                   an Excel workbook (attempts, answers, topics)\n  kuis export --out hasil.csv                         one row per attempt, CSV\n  kuis export --level answer --format jsonl           one record per answer\n  kuis export --format xapi --since 2026-11-01 --unit BKPSDM",
    ),
    (
        "import",
        "Gabungkan berkas percobaan dari komputer lain ke penyimpanan (aman diulang)",
        "Merge attempt files from other machines into the store (safe to repeat)",
    ),
    (
        "import+",
        "Contoh:\n  kuis import peserta/*.json\n  kuis import --store kelas.sqlite hasil-kelas-a.jsonl",
        "Examples:\n  kuis import peserta/*.json\n  kuis import --store kelas.sqlite hasil-kelas-a.jsonl",
    ),
    (
        "report",
        "Analisis butir: soal dan aturan mana yang sering salah, per orang dan per unit",
        "Item analysis: which questions and rules people get wrong, per person and per unit",
    ),
    (
        "report+",
        "Contoh:\n  kuis report                                   tabel di terminal\n  kuis report --format html --out laporan.html  satu berkas dengan grafik, untuk dikirim\n  kuis report --format json --bank netralitas-asn --since 2026-11-01",
        "Examples:\n  kuis report                                   tables in the terminal\n  kuis report --format html --out laporan.html  one file with charts, to email\n  kuis report --format json --bank netralitas-asn --since 2026-11-01",
    ),
    (
        "serve",
        "Sajikan kuis ke peramban seluruh ruangan, dengan halaman langsung untuk pelatih",
        "Serve the quiz to a room of browsers, with a live page for the trainer",
    ),
    (
        "serve+",
        "Contoh:\n  kuis serve                                  bank bawaan di http://127.0.0.1:8080/\n  kuis serve quizzes/ --listen 0.0.0.0:8080   untuk jaringan ruangan (ponsel memindai kode QR)\n  kuis serve --room kelas-a --mode exam --time-limit 20m   ujian 20 menit di ruang kelas-a\n  kuis report --room kelas-a --format html -o kelas-a.html  laporan ruang itu sesudahnya\n\n`--lang auto` membuat `kuis serve` memakai bahasa peramban setiap peserta.",
        "Examples:\n  kuis serve                                  the built-in bank on http://127.0.0.1:8080/\n  kuis serve quizzes/ --listen 0.0.0.0:8080   for the room's network (phones scan the QR code)\n  kuis serve --room kelas-a --mode exam --time-limit 20m   an exam of 20 minutes in room kelas-a\n  kuis report --room kelas-a --format html -o kelas-a.html  the room's report afterwards\n\n`--lang auto` lets `kuis serve` use each participant's browser language.",
    ),
    (
        "convert",
        "Ubah bank kuis ke atau dari format Moodle (GIFT, Aiken, Moodle XML)",
        "Convert between kuis banks and Moodle formats (GIFT, Aiken, Moodle XML)",
    ),
    (
        "convert+",
        "Contoh:\n  kuis convert soal-moodle.gift --to toml -o quizzes/soal.toml   impor ekspor GIFT dari Moodle\n  kuis convert quizzes/netralitas-asn.toml --to xml -o moodle.xml  untuk bank soal Moodle\n  kuis convert ujian.txt --from aiken --to toml",
        "Examples:\n  kuis convert soal-moodle.gift --to toml -o quizzes/soal.toml   import a Moodle GIFT export\n  kuis convert quizzes/netralitas-asn.toml --to xml -o moodle.xml  for Moodle's question bank\n  kuis convert ujian.txt --from aiken --to toml",
    ),
    (
        "new",
        "Tulis bank baru dari templat berkomentar (satu soal untuk setiap jenis)",
        "Write a new bank from a commented template (one question of each kind)",
    ),
    (
        "new+",
        "Contoh:\n  kuis new quizzes/pelatihan.toml\n  kuis new bank.toml --force          timpa berkas yang sudah ada",
        "Examples:\n  kuis new quizzes/pelatihan.toml\n  kuis new bank.toml --force          overwrite an existing file",
    ),
    (
        "add",
        "Tambahkan soal ke bank dengan panduan interaktif (komentar berkas tetap utuh)",
        "Add a question to a bank with an interactive wizard (keeps the file's comments)",
    ),
    (
        "add+",
        "Contoh:\n  kuis add quizzes/netralitas-asn.toml\n  kuis --lang en add bank.toml",
        "Examples:\n  kuis add quizzes/netralitas-asn.toml\n  kuis --lang en add bank.toml",
    ),
    (
        "fmt",
        "Rapikan bank dengan gaya baku, komentar tetap utuh; --check untuk CI",
        "Reformat banks in the house style, keeping comments; --check for CI",
    ),
    (
        "fmt+",
        "Contoh:\n  kuis fmt quizzes/*.toml\n  kuis fmt --check quizzes/           keluar dengan kode 1 bila ada berkas yang akan berubah\n  kuis fmt --balance-keys bank.toml   sebar posisi kunci (untuk ruangan --no-shuffle dan ekspor)",
        "Examples:\n  kuis fmt quizzes/*.toml\n  kuis fmt --check quizzes/           exit 1 if a file would change\n  kuis fmt --balance-keys bank.toml   spread the keys' positions (for --no-shuffle rooms and exports)",
    ),
    (
        "keys",
        "Buat kunci penanda tangan instansi untuk sertifikat, atau cetak kunci publiknya",
        "Make the organisation's signing key for certificates, or print its public key",
    ),
    (
        "keys+",
        "Contoh:\n  kuis keys init --issuer \"BKPSDM Kota Bandung\"   buat kunci penanda tangan (sekali)\n  kuis keys public > bkpsdm-bandung.pub           kunci publik, untuk diumumkan",
        "Examples:\n  kuis keys init --issuer \"BKPSDM Kota Bandung\"   make the signing key (once)\n  kuis keys public > bkpsdm-bandung.pub           the public key, to publish",
    ),
    (
        "init",
        "Buat kunci penanda tangan (Ed25519) di folder konfigurasi, hanya dapat dibaca oleh Anda",
        "Make the signing key (Ed25519) in the config folder, readable by you alone",
    ),
    (
        "init+",
        "Contoh:\n  kuis keys init --issuer \"BKPSDM Kota Bandung\"\n  kuis keys init --issuer \"Bawaslu Provinsi Jawa Barat\" --force   ganti kunci yang hilang atau dicuri",
        "Examples:\n  kuis keys init --issuer \"BKPSDM Kota Bandung\"\n  kuis keys init --issuer \"Bawaslu Provinsi Jawa Barat\" --force   replace a lost or stolen key",
    ),
    (
        "public",
        "Cetak kunci publik, dengan keterangan pemiliknya, untuk diumumkan",
        "Print the public key, with a comment saying whose it is, to publish",
    ),
    (
        "public+",
        "Contoh:\n  kuis keys public                          di terminal\n  kuis keys public -o bkpsdm-bandung.pub    ke berkas untuk situs instansi atau surat edaran",
        "Examples:\n  kuis keys public                          on the terminal\n  kuis keys public -o bkpsdm-bandung.pub    into a file for the agency's site or a circular",
    ),
    (
        "certificate",
        "Tulis sertifikat ujian yang lulus sebagai PDF A4, dengan kode yang dapat diperiksa siapa pun",
        "Write the certificate of a passed exam as an A4 PDF, with a code anyone can verify",
    ),
    (
        "certificate+",
        "Contoh:\n  kuis certificate --last                       sertifikat percobaan terbaru\n  kuis certificate ID_PERCOBAAN                 satu percobaan, menurut id-nya (kuis export menampilkannya)\n  kuis certificate --room kelas-a --passed --out sertifikat/   semua yang lulus di satu ruang\n  kuis certificate --revoke KODE                cabut sertifikat di register",
        "Examples:\n  kuis certificate --last                       the newest attempt's certificate\n  kuis certificate ATTEMPT_ID                   one attempt, by its id (kuis export shows ids)\n  kuis certificate --room kelas-a --passed --out sertifikat/   everyone who passed in a room\n  kuis certificate --revoke CODE                revoke a certificate in the register",
    ),
    (
        "verify",
        "Periksa kode verifikasi sertifikat (atau PDF-nya) tanpa internet, dengan kunci penerbit",
        "Check a certificate's verification code (or its PDF) offline, with the issuer's key",
    ),
    (
        "verify+",
        "Contoh:\n  kuis verify 0A1B2-C3D4E-…                      dengan kunci yang dikonfigurasi\n  kuis verify sertifikat.pdf --key bkpsdm-bandung.pub\n  kuis verify KODE --key bkpsdm.pub --store     tanyakan juga ke register apakah sudah dicabut\n\nKeluar dengan 0 bila SAH, 1 bila TIDAK SAH.",
        "Examples:\n  kuis verify 0A1B2-C3D4E-…                      with the configured key\n  kuis verify certificate.pdf --key bkpsdm-bandung.pub\n  kuis verify CODE --key bkpsdm.pub --store     also ask the register whether it was revoked\n\nExits 0 when VALID, 1 when NOT VALID.",
    ),
    (
        "completions",
        "Cetak skrip pelengkapan otomatis untuk shell",
        "Print a shell completion script",
    ),
    (
        "completions+",
        "Contoh:\n  kuis completions bash > ~/.local/share/bash-completion/completions/kuis\n  kuis completions zsh > ~/.zfunc/_kuis\n  kuis completions fish > ~/.config/fish/completions/kuis.fish",
        "Examples:\n  kuis completions bash > ~/.local/share/bash-completion/completions/kuis\n  kuis completions zsh > ~/.zfunc/_kuis\n  kuis completions fish > ~/.config/fish/completions/kuis.fish",
    ),
    (
        "forget",
        "Hapus data satu orang dari penyimpanan: percobaan, jawaban, sesi web",
        "Erase one person's data from the store: attempts, answers, web sessions",
    ),
    (
        "forget+",
        "Contoh:\n  kuis forget --nip 199001012020122001          tampilkan yang akan dihapus, lalu bertanya\n  kuis forget --name \"Siti Rahma\" --unit \"BKPSDM Kota Bandung\" --yes\n\nPenghapusan dicatat dengan tanggal dan jumlahnya, tanpa data pribadi. Ekspor yang dibuat sebelumnya tidak terjangkau. Lihat docs/privacy.md.",
        "Examples:\n  kuis forget --nip 199001012020122001          shows what it removes, then asks\n  kuis forget --name \"Siti Rahma\" --unit \"BKPSDM Kota Bandung\" --yes\n\nThe erasure is recorded with its date and counts, without personal data. Exports made before are out of reach. See docs/privacy.md.",
    ),
    (
        "prune",
        "Hapus percobaan yang lebih tua daripada yang diperlukan tujuannya",
        "Remove attempts older than their purpose needs",
    ),
    (
        "prune+",
        "Contoh:\n  kuis prune --older-than 2y                   percobaan yang selesai lebih dari dua tahun lalu\n  kuis prune --before 2025-01-01 --yes         percobaan yang selesai sebelum 2025\n\nPercobaan yang lebih baru tetap utuh; penghapusan dicatat dengan tanggal dan jumlahnya.",
        "Examples:\n  kuis prune --older-than 2y                   attempts finished more than two years ago\n  kuis prune --before 2025-01-01 --yes         attempts finished before 2025\n\nNewer attempts stay intact; the erasure is recorded with its date and counts.",
    ),
    (
        "store",
        "Kelola penyimpanan utuh: salin setiap percobaan dari satu penyimpanan ke yang lain",
        "Work on whole stores: copy every attempt from one store to another",
    ),
    (
        "store+",
        "Contoh:\n  kuis store copy --from kuis.sqlite --to postgres://kuis@db.example/hasil\n  kuis store copy --from postgres://kuis@db.example/hasil --to arsip.sqlite",
        "Examples:\n  kuis store copy --from kuis.sqlite --to postgres://kuis@db.example/hasil\n  kuis store copy --from postgres://kuis@db.example/hasil --to arsip.sqlite",
    ),
    (
        "copy",
        "Salin setiap percobaan dari satu penyimpanan ke yang lain (SQLite atau PostgreSQL); aman diulang",
        "Copy every attempt from one store into another (SQLite or PostgreSQL); safe to repeat",
    ),
    (
        "copy+",
        "Contoh:\n  kuis store copy --from kuis.sqlite --to postgres://kuis@db.example/hasil   pindah ke PostgreSQL\n  kuis store copy --from postgres://kuis@localhost/hasil --to arsip.sqlite   berkas arsip\n\nMenjalankannya lagi tidak menyalin apa pun dua kali; percobaan dengan id sama tetapi isi lain dilaporkan dan tidak ditimpa.",
        "Examples:\n  kuis store copy --from kuis.sqlite --to postgres://kuis@db.example/hasil   move up to PostgreSQL\n  kuis store copy --from postgres://kuis@localhost/hasil --to arsip.sqlite   an archive file\n\nRunning it again copies nothing twice; an attempt with the same id but other content is reported and not overwritten.",
    ),
    // ---- arguments every command has ----
    ("help", "Tampilkan bantuan ini", "Show this help"),
    ("version", "Tampilkan versi", "Show the version"),
    (
        "lang",
        "Bahasa antarmuka dan teks bank: `id` atau `en` [bawaan: KUIS_LANG, lalu LANG, lalu id]",
        "Language of the interface and of the bank texts: id or en [default: KUIS_LANG, then LANG, then id]",
    ),
    (
        "color",
        "Kapan memakai warna: `auto` (di terminal, kecuali NO_COLOR diisi), `always` (selalu), `never` (tidak pernah)",
        "When to use colours: auto (on a terminal, unless NO_COLOR is set), always, never",
    ),
    // ---- taking a quiz (kuis, take, review) ----
    (
        "paths",
        "Berkas atau folder bank [bawaan: bank bawaan]",
        "Bank files or folders [default: the built-in bank]",
    ),
    (
        "mode",
        "`practice` (latihan: umpan balik setiap jawaban) atau `exam` (ujian: pembahasan di akhir, dengan batas waktu)",
        "practice (feedback right after each answer) or exam (review at the end, honours a time limit)",
    ),
    (
        "count",
        "Berapa soal, diambil merata dari semua topik: angka, atau `all` (semua) untuk seluruh bank [bawaan: practice_count bank (20) pada latihan, semua pada ujian]",
        "How many questions, drawn across topics: a number, or `all` for the whole bank [default: the bank's practice_count (20) in practice, all in an exam]",
    ),
    (
        "topics",
        "Hanya topik ini (boleh diulang)",
        "Only this topic (repeatable)",
    ),
    (
        "rules",
        "Hanya soal tentang aturan ini (boleh diulang)",
        "Only questions on this rule (repeatable)",
    ),
    (
        "seed",
        "Benih untuk mengambil dan mengacak soal; benih yang sama memberi kuis yang sama",
        "Seed for drawing and shuffling; the same seed gives the same quiz",
    ),
    (
        "no_shuffle",
        "Pertahankan urutan soal dan pilihan seperti di berkas",
        "Keep the file's order of questions and choices",
    ),
    (
        "time_limit",
        "Batas waktu: `90s`, `15m`, `1h`, `1h30m`, atau angka saja dalam menit; dari 1s sampai 10h [bawaan: time_limit bank, pada mode ujian]",
        "Time allowed: `90s`, `15m`, `1h`, `1h30m`, or a bare number of minutes; from 1s to 10h [default: the bank's time_limit, in exam mode]",
    ),
    (
        "answers",
        "Baca jawaban dari berkas (atau - untuk stdin), satu per baris: b | a,c | benar | salah; baris q, atau akhir berkas, menghentikan kuis seperti Esc (jawaban sejauh ini tetap dinilai)",
        "Read answers from a file (or - for stdin), one per line: b | a,c | true | false; a line q, or the end of the file, stops the quiz as Esc does (the answers so far are scored)",
    ),
    ("name", "Nama peserta", "Participant's name"),
    (
        "nip",
        "NIP peserta",
        "Participant's NIP (civil-servant number)",
    ),
    ("unit", "Unit kerja peserta", "Participant's work unit"),
    (
        "anonymous",
        "Ikuti kuis tanpa nama",
        "Take the quiz without a name",
    ),
    (
        "out",
        "Tulis juga percobaan sebagai JSON ke berkas ini (secara atomik)",
        "Also write the attempt as JSON to this file (atomically)",
    ),
    (
        "no_save",
        "Jangan simpan percobaan di penyimpanan",
        "Do not save the attempt in the store",
    ),
    (
        "path",
        "Penyimpanan percobaan: berkas SQLite atau URL postgres:// [bawaan: KUIS_STORE, lalu `store` di berkas konfigurasi, lalu folder data pengguna]",
        "The attempt store: a SQLite file or a postgres:// URL [default: KUIS_STORE, else the config file's `store`, else the user's data folder]",
    ),
    (
        "copy.from",
        "Penyimpanan asal: berkas SQLite atau URL postgres://",
        "The store to copy from: a SQLite file or a postgres:// URL",
    ),
    (
        "copy.to",
        "Penyimpanan tujuan (dibuat atau ditingkatkan bila perlu): berkas SQLite atau URL postgres://",
        "The store to copy into (created or upgraded as needed): a SQLite file or a postgres:// URL",
    ),
    (
        "review.paths",
        "Berkas atau folder bank [bawaan: bank bawaan]",
        "Bank files or folders [default: the built-in bank]",
    ),
    (
        "review.count",
        "Paling banyak sekian soal",
        "At most this many questions",
    ),
    (
        "review.seed",
        "Benih untuk urutan soal dan pilihan",
        "Seed for the order of questions and choices",
    ),
    // ---- check, list, fmt ----
    (
        "check.paths",
        "Berkas atau folder bank [bawaan: ./quizzes bila ada, atau bank bawaan]",
        "Bank files or folders [default: ./quizzes when it exists, else the built-in bank]",
    ),
    (
        "check.strict",
        "Peringatan juga menggagalkan pemeriksaan",
        "Fail on warnings too",
    ),
    (
        "format",
        "Format keluaran: `human` (untuk orang) atau `json` (untuk skrip dan editor)",
        "Output format: human (for people) or json (for scripts and editors)",
    ),
    (
        "list.paths",
        "Berkas atau folder bank [bawaan: ./quizzes bila ada, atau bank bawaan]",
        "Bank files or folders [default: ./quizzes when it exists, else the built-in bank]",
    ),
    (
        "fmt.paths",
        "Berkas atau folder bank [bawaan: quizzes/]",
        "Bank files or folders [default: quizzes/]",
    ),
    (
        "fmt.check",
        "Jangan ubah apa pun; keluar dengan kode 1 bila ada berkas yang belum rapi",
        "Change nothing; exit 1 if a file is not formatted",
    ),
    (
        "fmt.balance_keys",
        "Urutkan ulang pilihan agar kunci tersebar merata di setiap posisi (id, `why` dan komentar ikut pilihannya)",
        "Also reorder choices so the keys stand evenly in every position (ids, `why` and comments move with their choice)",
    ),
    // ---- history ----
    (
        "forget.nip",
        "NIP orang yang datanya dihapus",
        "The NIP of the person whose data is erased",
    ),
    (
        "forget.name",
        "Nama orang yang datanya dihapus (bersama --unit: satu nama bisa milik beberapa orang)",
        "The name of the person whose data is erased (with --unit: a name alone may be several people)",
    ),
    (
        "forget.unit",
        "Unit kerja orang itu",
        "The person's work unit",
    ),
    (
        "yes",
        "Hapus tanpa bertanya (untuk skrip; tanpa terminal, opsi ini wajib)",
        "Erase without asking (for scripts; without a terminal it is required)",
    ),
    (
        "before",
        "Hapus percobaan yang selesai sebelum tanggal ini (2025-01-01, waktu setempat) atau waktu RFC 3339",
        "Remove attempts finished before this date (2025-01-01, local time) or RFC 3339 time",
    ),
    (
        "older_than",
        "Hapus percobaan yang selesai lebih lama dari ini: 2y (tahun), 18mo (bulan), 90d (hari)",
        "Remove attempts finished longer ago than this: 2y (years), 18mo (months), 90d (days)",
    ),
    (
        "export.nip",
        "Hanya percobaan orang ini, menurut NIP: semua yang disimpan tentangnya",
        "Only this person's attempts, by NIP: everything kept about them",
    ),
    (
        "export.name",
        "Hanya percobaan orang ini, menurut nama (tambahkan --unit bila satu nama bisa milik beberapa orang)",
        "Only this person's attempts, by name (add --unit when a name may be several people)",
    ),
    (
        "pseudonymise",
        "Ganti nama, NIP, dan unit dengan hash berkunci (orang yang sama, hash yang sama; kuncinya tersimpan di penyimpanan dan tidak pernah diekspor)",
        "Replace names, NIPs and units by keyed hashes (the same person, the same hash; the key stays in the store and is never exported)",
    ),
    (
        "purge_after",
        "Berapa lama setelah ruang ditutup sesi webnya (salinan kedua percobaannya) dihapus: 90s, 12h, 7d",
        "How long after a room closes its web sessions (a second copy of its attempts) are removed: 90s, 12h, 7d",
    ),
    (
        "history.name",
        "Riwayat siapa, menurut nama [bawaan: identitas yang diingat]",
        "Whose history, by name [default: the remembered identity]",
    ),
    (
        "history.nip",
        "Riwayat siapa, menurut NIP",
        "Whose history, by NIP",
    ),
    (
        "history.all",
        "Percobaan semua peserta (untuk pelatih)",
        "Everyone's attempts (for trainers)",
    ),
    // ---- export, report: which attempts ----
    (
        "export.format",
        "Format keluaran: `csv` (dengan baris judul), `json` (satu larik), `jsonl` (satu rekaman per baris), `xapi` (pernyataan xAPI per jawaban, untuk LRS), `xlsx` (buku kerja Excel, perlu berkas)",
        "Output format: csv (with a header row), json (one array), jsonl (one record per line), xapi (xAPI statements, one per answer, for a Learning Record Store), xlsx (an Excel workbook, needs a file)",
    ),
    (
        "export.level",
        "`attempt` (satu baris per percobaan) atau `answer` (satu baris per jawaban); `xapi` selalu per jawaban",
        "attempt (one row per attempt) or answer (one row per answer); xapi is always per answer",
    ),
    (
        "export.excel",
        "Untuk Excel: tulis buku kerja xlsx (sama dengan --format xlsx), bukan CSV. Di xlsx NIP tetap teks dan setiap kolom terpisah di Excel berbahasa apa pun; CSV tidak dapat menjamin keduanya (Excel berbahasa Indonesia memisah kolom dengan `;` dan menampilkan NIP 18 digit sebagai 1,99E+17)",
        "For Excel: write an xlsx workbook (the same as --format xlsx), not CSV. In xlsx NIPs stay text and every column stays apart in Excel in any language; CSV cannot promise either (Excel in Indonesian splits columns at `;` and shows an 18-digit NIP as 1.99E+17)",
    ),
    (
        "export.grade",
        "Hanya percobaan yang dinilai dari setiap orang per bank: `first` (pertama), `best` (terbaik) atau `last` (terakhir); rata-rata (`mean`) bukan satu percobaan: pakai `kuis report` [bawaan: semua percobaan]",
        "Only each person's graded attempt per bank: first, best or last (mean is no one attempt: see `kuis report --grade mean`) [default: every attempt]",
    ),
    (
        "report.grade",
        "Percobaan mana yang menjadi nilai setiap orang: `first` (pertama), `best` (terbaik), `last` (terakhir) atau `mean` (rata-rata) [bawaan: first bila percobaannya ujian, best untuk latihan]",
        "Which of a person's attempts gives their result: first, best, last or mean [default: first when the attempts are exams, best for practice]",
    ),
    (
        "export.out",
        "Tulis ke berkas ini (secara atomik), bukan ke stdout",
        "Write to this file (atomically) instead of stdout",
    ),
    (
        "report.out",
        "Tulis ke berkas ini (secara atomik), bukan ke stdout",
        "Write to this file (atomically) instead of stdout",
    ),
    (
        "bank",
        "Hanya percobaan pada bank dengan id ini (boleh diulang) [bawaan: semua bank, masing-masing tersendiri]",
        "Only attempts on the bank with this id (repeatable) [default: every bank, each on its own]",
    ),
    (
        "tz",
        "Tampilkan waktu dalam zona waktu ini (Asia/Jakarta, Asia/Makassar, Asia/Jayapura) [bawaan: zona waktu sistem]",
        "Show times in this time zone (Asia/Jakarta, Asia/Makassar, Asia/Jayapura) [default: the system's]",
    ),
    (
        "history.with_bank",
        "Hanya percobaan pada bank ini (berkas atau folder), dengan judul topiknya (boleh diulang) [bawaan: semua bank; judul dari bank bawaan]",
        "Only this bank's attempts (a file or folder), with its topic titles (repeatable) [default: every bank; titles of the built-in bank]",
    ),
    (
        "since",
        "Hanya percobaan yang selesai pada atau setelah tanggal atau waktu ini (2026-11-01, atau RFC 3339)",
        "Only attempts finished on or after this date or time (2026-11-01, or RFC 3339)",
    ),
    (
        "until",
        "Hanya percobaan yang selesai pada atau sebelum tanggal ini (termasuk), atau sebelum waktu ini",
        "Only attempts finished on or before this date (inclusive), or before this time",
    ),
    ("export.unit", "Hanya unit kerja ini", "Only this work unit"),
    ("report.unit", "Hanya unit kerja ini", "Only this work unit"),
    // ---- import, report ----
    (
        "import.files",
        "Berkas percobaan: dari `kuis take --out`, atau `kuis export --format json|jsonl`",
        "Attempt files: from `kuis take --out`, or `kuis export --format json|jsonl`",
    ),
    (
        "report.files",
        "Berkas percobaan yang dilaporkan, sebagai ganti penyimpanan",
        "Attempt files to report on instead of the store",
    ),
    (
        "report.banks",
        "Hanya percobaan pada bank ini (berkas atau folder), dengan teks soal, pilihan dan aturannya (boleh diulang) [bawaan: semua bank; teks dari bank bawaan bila cocok]",
        "Only this bank's attempts (a file or folder), with its question, choice and rule texts (repeatable) [default: every bank; texts of the built-in bank where they match]",
    ),
    (
        "report.format",
        "Format keluaran: `human` (tabel di terminal), `csv` (satu baris per soal), `json` (semuanya), `html` (satu berkas dengan grafik)",
        "Output format: human (tables in the terminal), csv (one row per question), json (everything), html (one self-contained file with charts)",
    ),
    (
        "import.banks",
        "Bank tempat percobaan diambil (berkas atau folder), untuk menilai ulang jawaban dan memeriksa `passed` dengan batas lulusnya; bank bawaan selalu dikenal",
        "Banks the attempts were taken on (files or folders), to rescore the answers and check `passed` against their pass mark; the built-in bank is always known",
    ),
    // ---- serve ----
    (
        "serve.listen",
        "Alamat dan port untuk mendengarkan; 0.0.0.0 membukanya untuk jaringan ruangan, port 0 memilih port yang bebas",
        "Address and port to listen on; 0.0.0.0 opens it to the room's network, port 0 picks a free one",
    ),
    (
        "serve.room",
        "Nama ruang, disimpan bersama setiap percobaan (`kuis report --room NAMA`)",
        "The room's name, kept with every attempt (`kuis report --room NAME`)",
    ),
    (
        "serve.trusted_proxy",
        "Proksi balik atau penyeimbang beban di depan kuis (boleh diulang): permintaan darinya dibatasi menurut alamat klien yang ditambahkannya terakhir pada `X-Forwarded-For`",
        "A reverse proxy or load balancer in front of kuis (repeatable): requests from it are rate-limited by the client address it adds last to `X-Forwarded-For`",
    ),
    (
        "serve.header_timeout",
        "Detik yang dimiliki klien untuk mengirim header permintaan, sejak bita pertamanya (atau sejak tersambung); koneksi yang lebih lambat ditutup [bawaan: 10]",
        "Seconds a client has to send a request's headers, from its first byte (or from connecting); a connection slower than that is closed [default: 10]",
    ),
    (
        "serve.idle_timeout",
        "Detik sebuah koneksi yang dibiarkan terbuka boleh menunggu permintaan berikutnya sebelum ditutup [bawaan: 60]",
        "Seconds a kept-alive connection may wait for its next request before it is closed [default: 60]",
    ),
    (
        "serve.max_connections",
        "Koneksi terbuka sekaligus seluruhnya; pada batas ini, koneksi yang paling lama menunggu tanpa permintaan memberi jalan [bawaan: 4096]",
        "Connections open at once in all; at the cap, the one waiting longest without a request makes way [default: 4096]",
    ),
    (
        "serve.max_connections_per_address",
        "Koneksi terbuka sekaligus dari satu alamat klien (klien IPv6: /64-nya; proksi tepercaya: hanya batas keseluruhan) [bawaan: 256]",
        "Connections open at once from one client address (an IPv6 client: its /64; a trusted proxy: no cap but the total) [default: 256]",
    ),
    (
        "serve.attempts",
        "Berapa kali setiap orang boleh mengerjakan di ruang ini (menurut NIP, atau nama dan unit); halaman pelatih dapat memberi satu kesempatan lagi [bawaan: 1 pada ujian, tanpa batas pada latihan]",
        "Attempts per person in the room (by NIP, else name and unit); the trainer's page can grant one more [default: 1 in an exam, unlimited in practice]",
    ),
    (
        "serve.review",
        "Kapan ujian menampilkan jawaban yang benar: `immediately` (langsung), `after-close` (setelah pelatih menutup ruang) atau `never` (tidak pernah) [bawaan: after-close pada ujian, immediately pada latihan]",
        "When an exam shows the right answers: immediately, after-close (once the trainer closes the room) or never [default: after-close in an exam, immediately in practice]",
    ),
    (
        "serve.show_score",
        "Kapan ujian menampilkan nilai dan kelulusan kepada setiap peserta: `immediately`, `after-close` atau `never`; tidak lebih lambat daripada pembahasan. Menahannya mencegah identitas sekali pakai mempelajari kunci jawaban dari nilai selama ruang terbuka [bawaan: never bila --review never, selain itu immediately]",
        "When an exam shows each participant their score and pass or fail: immediately, after-close or never; never later than the review. Holding it back stops throwaway identities from learning the key from the scores while the room is open [default: never with --review never, else immediately]",
    ),
    (
        "serve.count",
        "Berapa soal, diambil merata dari semua topik: angka, atau `all` (semua) [bawaan: practice_count bank (20) pada latihan, semua pada ujian]",
        "How many questions, drawn across topics: a number, or `all` [default: the bank's practice_count (20) in practice, all in an exam]",
    ),
    (
        "serve.time_limit",
        "Batas waktu setiap peserta, dijaga oleh server: `90s`, `15m`, `1h`, atau angka saja dalam menit [bawaan: time_limit bank, pada mode ujian]",
        "Time allowed to each participant, enforced by the server: `90s`, `15m`, `1h`, or a bare number of minutes [default: the bank's time_limit, in exam mode]",
    ),
    (
        "room",
        "Hanya percobaan dari ruang `kuis serve` ini",
        "Only attempts taken in this `kuis serve` room",
    ),
    // ---- convert, new, add, completions ----
    ("convert.input", "Berkas yang diubah", "The file to convert"),
    (
        "convert.to",
        "Format yang ditulis: `toml` (bank kuis), `gift` (format teks Moodle), `aiken` (hanya soal satu jawaban), `xml` (Moodle XML)",
        "The format to write: toml (a kuis bank), gift (Moodle's text format), aiken (single-answer questions only), xml (Moodle XML)",
    ),
    (
        "convert.from",
        "Format masukan: `toml`, `gift`, `aiken`, `xml` [bawaan: dari nama berkas: .toml, .gift, .xml, .txt/.aiken]",
        "The input's format: toml, gift, aiken, xml [default: from the file name: .toml, .gift, .xml, .txt/.aiken]",
    ),
    (
        "convert.in_place",
        "Ganti berkas masukan dengan hasilnya (tanpa opsi ini, keluaran yang sama dengan masukan ditolak)",
        "Replace the input with the result (without it, an output that is the input is refused)",
    ),
    (
        "convert.out",
        "Tulis ke sini (secara atomik), bukan ke stdout",
        "Write here (atomically) instead of stdout",
    ),
    ("new.file", "Berkas yang dibuat", "The file to create"),
    (
        "new.force",
        "Timpa berkas bila sudah ada",
        "Overwrite the file if it exists",
    ),
    (
        "add.file",
        "Bank yang ditambahi soal",
        "The bank to add a question to",
    ),
    (
        "signing_key",
        "Berkas kunci penanda tangan [bawaan: KUIS_SIGNING_KEY, lalu signing-key.toml di folder konfigurasi]",
        "The signing key file [default: KUIS_SIGNING_KEY, else signing-key.toml in the config folder]",
    ),
    (
        "init.issuer",
        "Instansi penerbit, sebagaimana akan tertulis di sertifikat",
        "The issuing organisation, as certificates will name it",
    ),
    (
        "init.force",
        "Ganti kunci yang ada (sertifikat yang ditandatanganinya lalu hanya dapat diperiksa dengan kunci publiknya)",
        "Replace an existing key (certificates it signed then verify only with its public key)",
    ),
    (
        "public.out",
        "Tulis ke berkas ini (secara atomik), bukan ke stdout",
        "Write to this file (atomically) instead of stdout",
    ),
    (
        "certificate.attempt",
        "Id percobaan (ditampilkan oleh kuis export dan kuis history --format json)",
        "The attempt's id (kuis export and kuis history --format json show it)",
    ),
    (
        "certificate.last",
        "Percobaan terbaru di penyimpanan",
        "The newest attempt in the store",
    ),
    (
        "certificate.room",
        "Setiap percobaan di ruang `kuis serve` ini yang berhak atas sertifikat (dengan --passed)",
        "Every attempt in this `kuis serve` room that earns a certificate (with --passed)",
    ),
    (
        "certificate.passed",
        "Dengan --room: hanya ujian yang lulus mendapat sertifikat (yang lain didaftar, bukan ditolak)",
        "With --room: only passed exams get one (the others are listed, not refused)",
    ),
    (
        "certificate.out",
        "PDF yang ditulis [bawaan: berkas bernama orang dan tanggalnya di folder ini]; dengan --room, folder tempat menulisnya",
        "The PDF to write [default: a file named after the person and date here]; with --room, the folder to write them in",
    ),
    (
        "certificate.revoke",
        "Cabut sertifikat berkode ini, atau setiap sertifikat percobaan ber-id ini, di register (kuis verify --store dan halaman /verify kuis serve lalu menyatakannya)",
        "Revoke the certificate of this code, or every one of this attempt id, in the register (kuis verify --store and kuis serve's /verify page then say so)",
    ),
    (
        "certificate.banks",
        "Bank tempat percobaan diambil (berkas atau folder) [bawaan: bank bawaan]",
        "The banks the attempts were taken on (files or folders) [default: the built-in bank]",
    ),
    (
        "certificate.tz",
        "Zona waktu tanggal ujian di sertifikat (Asia/Jakarta, Asia/Makassar, Asia/Jayapura) [bawaan: zona waktu sistem]",
        "The time zone of the exam date on the certificate (Asia/Jakarta, Asia/Makassar, Asia/Jayapura) [default: the system's]",
    ),
    (
        "certificate.verify_url",
        "Kode QR berisi tautan ke halaman pemeriksaan ini beserta kodenya (/verify dari `kuis serve`, atau milik instansi), bukan kode saja",
        "The QR code holds a link to this verification page with the code (kuis serve's /verify, or the agency's) instead of the bare code",
    ),
    (
        "verify.what",
        "Kode verifikasi, PDF sertifikat, berkas berisi kode, atau - (stdin)",
        "The verification code, a certificate's PDF, a file holding the code, or - (stdin)",
    ),
    (
        "verify.keys",
        "Kunci publik penerbit: teksnya (kuispub1:…) atau berkas kunci seperti cetakan `kuis keys public` (boleh diulang) [bawaan: kunci penanda tangan yang dikonfigurasi]",
        "The issuer's public key: its text (kuispub1:…) or a file of keys, as `kuis keys public` prints them (repeatable) [default: the configured signing key's]",
    ),
    (
        "verify.store",
        "Tanyakan juga ke register apakah sertifikat sudah dicabut: penyimpanan bawaan, atau yang ini",
        "Also ask the register whether it was revoked: the default store, or this one",
    ),
    (
        "serve.certificates",
        "Peserta yang lulus ujian mengunduh sertifikatnya dari halaman ringkasan, ditandatangani dengan kunci penanda tangan (lihat --signing-key; buat dengan kuis keys init)",
        "Participants who pass the exam download their certificate from the summary, signed with the signing key (see --signing-key; make one with kuis keys init)",
    ),
    (
        "serve.keys",
        "Kunci publik yang diterima halaman /verify selain kunci penanda tangan (boleh diulang): teksnya atau berkas kunci",
        "A public key the /verify page accepts besides the signing key's (repeatable): its text or a file of keys",
    ),
    (
        "serve.verify_url",
        "Kode QR sertifikat berisi tautan ke halaman pemeriksaan ini beserta kodenya (/verify server ini selama tetap dapat dijangkau, atau milik instansi) [bawaan: kodenya saja]",
        "The certificates' QR codes link to this verification page with the code (this server's /verify where it stays reachable, or the agency's) [default: the bare code]",
    ),
    (
        "completions.shell",
        "Shell: `bash`, `elvish`, `fish`, `powershell`, `zsh`",
        "The shell: bash, elvish, fish, powershell, zsh",
    ),
];

/// The words of clap's own layout, for Indonesian help: (English, Indonesian).
pub const LAYOUT: &[(&str, &str)] = &[
    ("Usage:", "Penggunaan:"),
    ("Options:", "Opsi:"),
    ("Arguments:", "Argumen:"),
    ("Commands:", "Perintah:"),
    ("[OPTIONS]", "[OPSI]"),
    ("[COMMAND]", "[PERINTAH]"),
    ("<COMMAND>", "<PERINTAH>"),
    ("[default: ", "[bawaan: "),
    ("[env: ", "[variabel: "),
    ("[aliases: ", "[alias: "),
    ("Print help", "Tampilkan bantuan"),
];
