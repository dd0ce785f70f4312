package demo

// The words of the reference workshop (PRODUCT.md): representatives of
// Azerbaijani state institutions discussing the digital future of the
// country, mostly in Azerbaijani and English, some in Russian.

// people are the bots' names.
var people = []string{
	"Aysel Məmmədova", "Rəşad Əliyev", "Leyla Həsənli", "Tural Quliyev", "Nigar İsmayılova",
	"Elvin Hüseynov", "Günel Babayeva", "Kamran Ağayev", "Səbinə Rzayeva", "Orxan Nəbiyev",
	"Ülviyyə Kərimova", "Fərid Səfərov", "Nərmin Abbasova", "Cavid Mustafayev", "Aynur Vəliyeva",
	"Emil Rəhimov", "Lalə Cəfərova", "Samir Həsənov", "Zaur Məlikov", "Könül Əhmədova",
	"Ramil Qasımov", "Xədicə Novruzova", "Tofiq Bağırov", "Şəbnəm Əsgərova", "Vüsal Orucov",
	"Ольга Смирнова", "Игорь Ахмедов", "Elnur Süleymanov", "Mələk Hacıyeva", "Anar Zeynalov",
}

// institutions are Azerbaijani state bodies the bots represent.
var institutions = []string{
	"İqtisadiyyat Nazirliyi",
	"ASAN xidmət",
	"Mərkəzi Bank",
	"Dövlət Gömrük Komitəsi",
	"Rəqəmsal İnkişaf və Nəqliyyat Nazirliyi",
	"İnnovasiya və Rəqəmsal İnkişaf Agentliyi (İRİA)",
	"Maliyyə Nazirliyi",
	"Dövlət Vergi Xidməti",
	"Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi",
	"Səhiyyə Nazirliyi",
	"Elm və Təhsil Nazirliyi",
	"Ədliyyə Nazirliyi",
	"Daxili İşlər Nazirliyi",
	"Dövlət Statistika Komitəsi",
	"Dövlət Miqrasiya Xidməti",
	"Kənd Təsərrüfatı Nazirliyi",
	"Energetika Nazirliyi",
	"Ekologiya və Təbii Sərvətlər Nazirliyi",
	"Əmlak Məsələləri Dövlət Xidməti",
	"Dövlət Sosial Müdafiə Fondu",
	"Kiçik və Orta Biznesin İnkişafı Agentliyi",
	"Xarici İşlər Nazirliyi",
	"Mədəniyyət Nazirliyi",
	"Gənclər və İdman Nazirliyi",
	"Fövqəladə Hallar Nazirliyi",
	"Milli Arxiv İdarəsi",
	"Dövlət Turizm Agentliyi",
	"Azərbaycan Respublikasının Mərkəzi Seçki Komissiyası",
	"Bakı Nəqliyyat Agentliyi",
	"Dövlət İmtahan Mərkəzi",
}

// ideas are what the bots post, by the position of the topic in the
// default topics: Development, Coordination, Integration, Other. A session
// with other topics gets them round-robin.
var ideas = [][]string{
	{ // Development
		"Data-based management: every ministry publishes the three indicators it steers by, on a shared dashboard.",
		"Dövlət qurumlarında qərarların məlumat əsasında qəbul edilməsi üçün analitika bölmələri yaradılsın.",
		"Açıq məlumat portalı: hər nazirlik ən azı beş məlumat dəstini maşınla oxunan formatda dərc etsin.",
		"A digital skills academy for civil servants, with a short course for every head of department.",
		"Hər qurumda \"rəqəmsal lider\" vəzifəsi olsun və onlar rübdə bir dəfə təcrübə bölüşsünlər.",
		"Mobile-first redesign of the ten most used e-services, tested with real citizens.",
		"Süni intellektin dövlət xidmətlərində istifadəsi üçün etik qaydalar hazırlansın.",
		"Единый стандарт качества данных для всех государственных информационных систем.",
		"Cloud-first policy for new state information systems, with a shared government cloud.",
		"Vətəndaş müraciətlərinin təhlili əsasında xidmətlərin təkmilləşdirilməsi planı.",
		"Proactive services: the state offers child benefit at birth registration without an application.",
		"Regionlarda rəqəmsal xidmət mərkəzlərinin sayı artırılsın.",
		"Пилотный проект по использованию больших данных в планировании бюджета.",
		"Open source by default for software the state pays to have written.",
	},
	{ // Coordination
		"A single coordinating council for digital transformation, meeting monthly, with published minutes.",
		"Qurumlararası layihələr üçün vahid portfel idarəetməsi: kim nə edir, nə vaxt bitir.",
		"Common procurement framework for IT so that ministries stop buying the same system twice.",
		"Rəqəmsal transformasiya üzrə illik hesabat bütün qurumlar üçün eyni formada hazırlansın.",
		"Shared roadmap calendar: every institution's major releases visible to all others.",
		"Dövlət qurumlarının İT mütəxəssisləri üçün ortaq bilik bazası və forum.",
		"Координация закупок: общий реестр ИТ-контрактов всех ведомств.",
		"Evaluation and monitoring of e-services with the same KPIs across all state bodies.",
		"Rəqəmsal həllərin keyfiyyətinə nəzarət üçün vahid meyarlar və audit cədvəli.",
		"A quarterly digital.leadership meeting like this one, with follow-up on last quarter's decisions.",
		"Layihələrin təkrarlanmaması üçün planlaşdırma mərhələsində İRİA ilə məcburi məsləhətləşmə.",
		"Регулярные межведомственные рабочие группы по цифровым услугам.",
	},
	{ // Integration
		"Interoperability of state information systems: one national data exchange platform for all registries.",
		"Dövlət informasiya sistemləri arasında məlumat mübadiləsi üçün vahid API standartı.",
		"Once-only principle: citizens never give the state the same document twice.",
		"Vahid elektron imza və rəqəmsal şəxsiyyət bütün xidmətlərdə qəbul edilsin.",
		"Integrate customs, tax and statistics data so that exporters file once.",
		"Əhalinin vahid reyestri digər reyestrlərlə real vaxtda inteqrasiya olunsun.",
		"Единая платформа обмена данными между ведомствами с открытой документацией API.",
		"A catalogue of all state information systems and the data each one holds.",
		"Mygov portalında bütün qurumların xidmətləri bir hesabla əlçatan olsun.",
		"Common identifiers for companies and addresses across every state registry.",
		"Səhiyyə və sosial müdafiə məlumatlarının inteqrasiyası ilə müavinətlərin avtomatik təyini.",
		"Event-driven integration: a change of address reaches every registry within a day.",
	},
	{ // Other
		"Cybersecurity baseline for every state body, checked once a year.",
		"Rəqəmsal xidmətlərin əlçatanlığı: görmə qabiliyyəti zəif olan vətəndaşlar üçün standartlar.",
		"Publish the results of this workshop openly, with who leads each road map item.",
		"Vətəndaş rəyi: hər e-xidmətdən sonra qısa qiymətləndirmə sorğusu.",
		"Legal framework for data sharing between institutions, so that integration is not blocked by law.",
		"Kibertəhlükəsizlik üzrə qurumlararası təlim məşqləri ildə iki dəfə keçirilsin.",
		"Правовая база для электронного документооборота без бумажных копий.",
		"Digital inclusion programme for rural areas and older citizens.",
		"Dövlət qulluqçularının rəqəmsal bacarıqlarının qiymətləndirilməsi sistemi.",
		"Measure the time citizens save with e-services and publish it every year.",
	},
}

// comments are what the bots say about an item under discussion or on the
// road map.
var comments = []string{
	"Agree. We tried something similar and the hard part was data quality, not technology.",
	"Razıyam. Bunu iki nazirlikdə pilot layihə kimi başlamaq olar.",
	"Who would own this? Without a lead institution it will not move.",
	"ASAN xidmət bu sahədə təcrübəsini paylaşa bilər.",
	"We need a legal basis first, otherwise institutions will not share the data.",
	"Maliyyələşmə mənbəyi müəyyən edilməlidir.",
	"Нужно начать с пилота и измеримых показателей.",
	"This depends on the interoperability platform being in place first.",
	"Bizim qurum bu təşəbbüsü dəstəkləyir və iştirak etməyə hazırdır.",
	"Let us set a deadline and report back at the next meeting.",
	"Monitorinq üçün aydın göstəricilər lazımdır.",
	"Согласен, но сроки нужно согласовать со всеми ведомствами.",
	"Could we combine this with the open data work IRIA already started?",
	"Vətəndaşların rəyi də nəzərə alınmalıdır.",
}

// feedback is what the bots write when the session closes.
var feedback = []string{
	"Very useful session; the road map is concrete.",
	"Çox faydalı idi, təşəkkürlər!",
	"Good format. More time for discussion next time, please.",
	"Qurumlar arasında əməkdaşlıq üçün yaxşı imkan oldu.",
	"Полезная встреча, спасибо организаторам.",
	"Voting made priorities clear quickly.",
	"Növbəti görüşdə nəticələrin icrasını müzakirə edək.",
	"",
}
