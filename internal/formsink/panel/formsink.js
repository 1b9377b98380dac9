// charter serve's form panel (internal/formsink), on preview pages only.
// Above each charter form (form[data-form], layouts/partials/form.html) it
// puts a "Preview only" box: the response mode of the preview's form sink
// (posted to /_charter/forms/<id>/mode) and a button that fills every field
// with test data in the page's language. It builds its elements with
// createElement and textContent, styles them with classes only (strict
// CSP), stays outside the <form> so assets/form.ts never sees it, fires
// the input events a visitor's typing would, and stores nothing.
(function () {
  "use strict";

  var MODES = [
    ["success", "Success (200)"],
    ["invalid", "Rejected: 422 with field errors"],
    ["error", "Server error (500)"],
    ["slow", "Slow: success after 10 s"],
    ["drop", "Connection dropped"],
  ];

  // Test data: fictional people and companies; addresses at example.com
  // and example.org only; phone numbers that match forms.TelPattern.
  // name is the full name where it is not "first last".
  var DATA = {
    en: {
      first: "Olivia", last: "Bennett", email: "olivia.bennett@example.com", phone: "+1 555 010 0123",
      company: "Northwind Traders Inc.", role: "Operations Manager", street: "1200 Harbor Street",
      postal: "62704", city: "Springfield", country: "US",
      message: "We would like to introduce your product for about 40 employees by the end of March. Could you send us a quote and suggest a time for a short call?",
    },
    de: {
      first: "Lena", last: "Schneider", email: "lena.schneider@example.com", phone: "+49 30 12345678",
      company: "Brückner Maschinenbau GmbH", role: "Leiterin IT", street: "Hauptstraße 12",
      postal: "04109", city: "Leipzig", country: "DE",
      message: "Wir möchten Ihr Produkt bis Ende März für rund 40 Mitarbeitende einführen. Bitte schicken Sie uns ein Angebot und schlagen Sie einen Termin für ein kurzes Gespräch vor.",
    },
    fr: {
      first: "Camille", last: "Lefèvre", email: "camille.lefevre@example.org", phone: "+33 1 23 45 67 89",
      company: "Atelier Durand SARL", role: "Responsable des opérations", street: "12 rue de la République",
      postal: "69002", city: "Lyon", country: "FR",
      message: "Nous souhaitons déployer votre solution pour une quarantaine de collaborateurs d’ici fin mars. Pourriez-vous nous envoyer un devis et proposer un créneau pour un court échange ?",
    },
    es: {
      first: "Lucía", last: "Fernández", email: "lucia.fernandez@example.com", phone: "+34 912 345 678",
      company: "Distribuciones Ortega S.L.", role: "Directora de operaciones", street: "Calle Mayor 15",
      postal: "46001", city: "Valencia", country: "ES",
      message: "Queremos implantar su producto para unas 40 personas antes de finales de marzo. ¿Podrían enviarnos un presupuesto y proponer una hora para una llamada breve?",
    },
    it: {
      first: "Giulia", last: "Romano", email: "giulia.romano@example.org", phone: "+39 02 1234 5678",
      company: "Tessuti Bianchi S.r.l.", role: "Responsabile IT", street: "Via Garibaldi 8",
      postal: "40121", city: "Bologna", country: "IT",
      message: "Vorremmo introdurre il vostro prodotto per circa 40 dipendenti entro la fine di marzo. Potete inviarci un preventivo e proporre un orario per una breve chiamata?",
    },
    pt: {
      first: "Mariana", last: "Costa", email: "mariana.costa@example.com", phone: "+55 11 3456-7890",
      company: "Oliveira Tecnologia Ltda.", role: "Gerente de operações", street: "Rua das Flores, 120",
      postal: "80010-000", city: "Curitiba", country: "BR",
      message: "Queremos implantar o produto de vocês para cerca de 40 pessoas até o fim de março. Podem nos enviar uma proposta e sugerir um horário para uma conversa rápida?",
    },
    nl: {
      first: "Sanne", last: "de Vries", email: "sanne.devries@example.org", phone: "+31 20 123 4567",
      company: "Bakker Installatietechniek B.V.", role: "Hoofd bedrijfsvoering", street: "Oudegracht 45",
      postal: "3511 AB", city: "Utrecht", country: "NL",
      message: "We willen uw product vóór eind maart invoeren voor ongeveer 40 medewerkers. Kunt u ons een offerte sturen en een moment voorstellen voor een kort gesprek?",
    },
    pl: {
      first: "Katarzyna", last: "Zielińska", email: "katarzyna.zielinska@example.com", phone: "+48 22 123 45 67",
      company: "Meble Kowalczyk Sp. z o.o.", role: "Kierowniczka ds. operacyjnych", street: "ul. Długa 7",
      postal: "61-001", city: "Poznań", country: "PL",
      message: "Chcielibyśmy wdrożyć Państwa produkt dla około 40 pracowników do końca marca. Prosimy o przesłanie oferty i zaproponowanie terminu krótkiej rozmowy.",
    },
    ja: {
      first: "美咲", last: "高橋", name: "高橋 美咲", email: "misaki.takahashi@example.com", phone: "+81 3-1234-5678",
      company: "株式会社みなと精機", role: "情報システム部 課長", street: "中区山下町1-2-3",
      postal: "231-0023", city: "横浜市", country: "JP",
      message: "3月末までに約40名で御社の製品を導入したいと考えております。お見積もりと、短いお打ち合わせの候補日時をお知らせいただけますでしょうか。",
    },
    zh: {
      first: "雨桐", last: "陈", name: "陈雨桐", email: "yutong.chen@example.com", phone: "+86 10 1234 5678",
      company: "杭州云帆科技有限公司", role: "运营经理", street: "西湖区文三路100号",
      postal: "310012", city: "杭州", country: "CN",
      message: "我们希望在三月底前为约40名员工部署贵公司的产品。能否发送一份报价，并约个时间简短通个电话？",
    },
    "zh-Hant": {
      first: "怡君", last: "林", name: "林怡君", email: "yijun.lin@example.org", phone: "+886 2 2345 6789",
      company: "藍海資訊股份有限公司", role: "營運經理", street: "信義路五段7號",
      postal: "110", city: "台北市", country: "TW",
      message: "我們希望在三月底前為約40位同仁導入貴公司的產品。能否提供報價，並安排時間進行簡短的通話？",
    },
    ar: {
      first: "ليلى", last: "حداد", email: "laila.haddad@example.com", phone: "+962 6 123 4567",
      company: "شركة النخيل للحلول التقنية", role: "مديرة العمليات", street: "شارع الملكة رانيا 25",
      postal: "11118", city: "عمّان", country: "JO",
      message: "نرغب في اعتماد منتجكم لنحو 40 موظفًا قبل نهاية شهر مارس. هل يمكنكم إرسال عرض سعر واقتراح موعد لمكالمة قصيرة؟",
    },
    tr: {
      first: "Elif", last: "Aydın", email: "elif.aydin@example.com", phone: "+90 212 123 45 67",
      company: "Demir Yazılım A.Ş.", role: "Operasyon Müdürü", street: "Atatürk Caddesi No: 15",
      postal: "35210", city: "İzmir", country: "TR",
      message: "Ürününüzü mart sonuna kadar yaklaşık 40 çalışan için kullanmaya başlamak istiyoruz. Bize bir teklif gönderip kısa bir görüşme için zaman önerebilir misiniz?",
    },
    id: {
      first: "Putri", last: "Wulandari", email: "putri.wulandari@example.org", phone: "+62 21 1234 5678",
      company: "PT Samudra Digital", role: "Manajer Operasional", street: "Jalan Merdeka No. 10",
      postal: "40111", city: "Bandung", country: "ID",
      message: "Kami ingin menerapkan produk Anda untuk sekitar 40 karyawan sebelum akhir Maret. Bisakah Anda mengirimkan penawaran dan mengusulkan waktu untuk panggilan singkat?",
    },
    ms: {
      first: "Nur Aisyah", last: "Rahman", email: "aisyah.rahman@example.com", phone: "+60 3-1234 5678",
      company: "Cahaya Bistari Sdn. Bhd.", role: "Pengurus Operasi", street: "Lebuh Pantai 12",
      postal: "10200", city: "George Town", country: "MY",
      message: "Kami ingin menggunakan produk anda untuk kira-kira 40 orang kakitangan sebelum akhir Mac. Bolehkah anda menghantar sebut harga dan mencadangkan masa untuk panggilan ringkas?",
    },
    th: {
      first: "สมหญิง", last: "ใจดี", email: "somying.jaidee@example.org", phone: "+66 2 123 4567",
      company: "บริษัท ทะเลคราม จำกัด", role: "ผู้จัดการฝ่ายปฏิบัติการ", street: "ถนนนิมมานเหมินท์ 10",
      postal: "50200", city: "เชียงใหม่", country: "TH",
      message: "เราต้องการเริ่มใช้ผลิตภัณฑ์ของคุณสำหรับพนักงานประมาณ 40 คนภายในสิ้นเดือนมีนาคม รบกวนส่งใบเสนอราคาและเสนอเวลาสำหรับการโทรคุยสั้น ๆ ด้วยค่ะ",
    },
    vi: {
      first: "Thu Trang", last: "Phạm", name: "Phạm Thu Trang", email: "thutrang.pham@example.com", phone: "+84 24 1234 5678",
      company: "Công ty TNHH Sông Hồng", role: "Trưởng phòng vận hành", street: "12 Bạch Đằng",
      postal: "550000", city: "Đà Nẵng", country: "VN",
      message: "Chúng tôi muốn triển khai sản phẩm của quý công ty cho khoảng 40 nhân viên trước cuối tháng Ba. Quý công ty có thể gửi báo giá và đề xuất thời gian cho một cuộc gọi ngắn không?",
    },
  };

  // language is the test data's language for a BCP 47 tag: the tag, its
  // base language, else English (Traditional Chinese for zh-Hant, -TW, -HK, -MO).
  function language(tag) {
    tag = String(tag || "").toLowerCase();
    if (/^zh-(hant|tw|hk|mo)\b/.test(tag)) return "zh-Hant";
    for (var k in DATA) if (k.toLowerCase() === tag) return k;
    var base = tag.split("-")[0];
    return DATA[base] ? base : "en";
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // fire tells the form's script about a changed value, as typing would.
  function fire(c) {
    c.dispatchEvent(new Event("input", { bubbles: true }));
    c.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // fit cuts v to maxLength UTF-16 code units, not inside a character.
  function fit(v, max) {
    if (!(max > 0) || v.length <= max) return v;
    var out = "";
    for (var ch of v) {
      if (out.length + ch.length > max) break;
      out += ch;
    }
    return out;
  }

  function regionName(code, lang) {
    try {
      return new Intl.DisplayNames([lang], { type: "region" }).of(code) || code;
    } catch (e) {
      return code;
    }
  }

  // textValue is the value of a text-like control, from its type, its
  // autocomplete token and its name.
  function textValue(c, d, lang) {
    var full = d.name || d.first + " " + d.last;
    if (c.tagName === "TEXTAREA") return d.message;
    var ac = (c.getAttribute("autocomplete") || "").toLowerCase().split(/\s+/).pop();
    if (c.type === "email" || ac === "email") return d.email;
    if (c.type === "tel" || ac.indexOf("tel") === 0) return d.phone;
    if (c.type === "url" || ac === "url") return "https://www.example.com/";
    var byToken = {
      "given-name": d.first, "family-name": d.last, name: full, nickname: d.first,
      organization: d.company, "organization-title": d.role,
      "street-address": d.street, "address-line1": d.street, "address-level2": d.city,
      "postal-code": d.postal, "country-name": regionName(d.country, lang), country: d.country,
    };
    if (byToken[ac] != null) return byToken[ac];
    var n = (c.name || "").toLowerCase();
    var byName = [
      [/first|given|fore|vorname|prenom|nombre/, d.first],
      [/last|family|surname|nachname/, d.last],
      [/company|organi[sz]ation|employer|business|firm/, d.company],
      [/city|town|locality|ort/, d.city],
      [/zip|postal|plz/, d.postal],
      [/street|address/, d.street],
      [/role|title|position|job/, d.role],
      [/country/, regionName(d.country, lang)],
      [/web|url|site/, "https://www.example.com/"],
      [/name/, full],
    ];
    for (var i = 0; i < byName.length; i++) if (byName[i][0].test(n)) return byName[i][1];
    return d.company;
  }

  // fill gives every enabled field of the form a value that passes its
  // validation, and returns the test data's language.
  function fill(form) {
    var lang = language(document.documentElement.lang);
    var d = DATA[lang];
    form.querySelectorAll("[data-f]").forEach(function (c) {
      if (c.disabled) return;
      if (c.tagName === "FIELDSET") {
        var radios = [].slice.call(c.querySelectorAll("input[type=radio]"));
        var pick = radios.filter(function (r) { return /^(accept|agree|yes|consent|ok)$/i.test(r.value); })[0] || radios[0];
        if (pick) {
          pick.checked = true;
          fire(pick);
        }
        return;
      }
      if (c.tagName === "SELECT") {
        var opts = [].slice.call(c.options).filter(function (o) { return o.value !== "" && !o.disabled; });
        var countries = opts.length > 50 && opts.every(function (o) { return /^[A-Z]{2}$/.test(o.value); });
        var want = c.value;
        if (!want || !countries) {
          want = countries && opts.some(function (o) { return o.value === d.country; }) ? d.country : opts.length ? opts[0].value : "";
        }
        c.value = want;
        fire(c);
        return;
      }
      if (c.type === "checkbox" || c.type === "radio") {
        c.checked = true;
        fire(c);
        return;
      }
      c.value = fit(textValue(c, d, lang), c.maxLength);
      fire(c);
    });
    return lang;
  }

  function languageName(lang) {
    try {
      return new Intl.DisplayNames(["en"], { type: "language" }).of(lang) || lang;
    } catch (e) {
      return lang;
    }
  }

  var count = 0;

  function panel(form) {
    var id = form.getAttribute("data-form");
    var uid = "charter-sink-" + ++count;
    var box = el("section", "charter-sink");
    box.lang = "en";
    box.dir = "ltr";
    box.setAttribute("data-sink-for", id);
    box.setAttribute("aria-labelledby", uid + "-title");

    var head = el("p", "charter-sink-head");
    head.id = uid + "-title";
    head.append(el("strong", "charter-sink-badge", "Preview only"), " ", el("span", null, "Form “" + id + "” — this box is not part of the site."));
    box.append(head);

    var status = el("p", "charter-sink-status");
    status.setAttribute("role", "status");

    var action = form.getAttribute("action");
    if (!action) {
      box.append(el("p", "charter-sink-note", "The form is disabled in this region: it has no endpoint."));
      (form.closest(".cf") || form).before(box);
      return;
    }
    var target = new URL(action, location.href);
    var modeURL = "/_charter/forms/" + encodeURIComponent(id) + "/mode";
    var sink = target.origin === location.origin && target.pathname === "/_charter/forms/" + encodeURIComponent(id);

    var modes = null;
    if (sink) {
      modes = el("fieldset", "charter-sink-modes");
      modes.append(el("legend", null, "The form sink answers the next submission with"));
      MODES.forEach(function (m) {
        var row = el("div", "charter-sink-mode");
        var input = el("input");
        input.type = "radio";
        input.name = uid + "-mode";
        input.value = m[0];
        input.id = uid + "-" + m[0];
        var label = el("label", null, m[1]);
        label.htmlFor = input.id;
        row.append(input, label);
        modes.append(row);
      });
      modes.disabled = true;
      box.append(modes);
    } else {
      box.append(el("p", "charter-sink-note", "This form posts to " + target.origin + ", not to the preview’s form sink: its answers cannot be chosen here."));
    }

    var actions = el("div", "charter-sink-actions");
    var button = el("button", "charter-sink-fill", "Fill with test data");
    button.type = "button";
    actions.append(button);
    box.append(actions, status);
    (form.closest(".cf") || form).before(box);

    button.addEventListener("click", function () {
      var lang = fill(form);
      status.textContent = "Filled with test data (" + languageName(lang) + ").";
    });

    if (!modes) return;
    var current = "";
    var label = function (mode) {
      for (var i = 0; i < MODES.length; i++) if (MODES[i][0] === mode) return MODES[i][1];
      return mode;
    };
    var show = function (mode) {
      current = mode;
      modes.querySelectorAll("input").forEach(function (r) { r.checked = r.value === mode; });
    };
    var request = function (init) {
      init.headers = { Accept: "application/json" };
      init.cache = "no-store";
      init.credentials = "same-origin";
      if (init.body) init.headers["Content-Type"] = "application/json";
      return fetch(modeURL, init).then(function (res) {
        if (!res.ok) throw new Error("HTTP " + res.status);
        return res.json();
      });
    };
    request({ method: "GET" }).then(
      function (state) {
        show(state.mode);
        modes.disabled = false;
      },
      function (err) {
        status.textContent = "The form sink did not answer (" + err.message + "): the response mode cannot be chosen.";
      },
    );
    modes.addEventListener("change", function (e) {
      var mode = e.target.value;
      modes.setAttribute("aria-busy", "true");
      request({ method: "POST", body: JSON.stringify({ mode: mode }) }).then(
        function (state) {
          show(state.mode);
          status.textContent = "Next submissions: " + label(state.mode) + ".";
        },
        function (err) {
          show(current);
          status.textContent = "The mode was not changed (" + err.message + ").";
        },
      ).finally(function () {
        modes.removeAttribute("aria-busy");
      });
    });
  }

  document.querySelectorAll("form[data-form]").forEach(panel);
})();
