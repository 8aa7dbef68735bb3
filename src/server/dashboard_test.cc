// The dashboard's side of the server over real HTTP: its files and their content security policy,
// the browser session (an HttpOnly, SameSite=Strict cookie whose writes need the CSRF value), and
// HTTPS in the process with a certificate made by the openssl command.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "server/server.h"
#include "server/server_test_util.h"

namespace kitwatch {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A server with its admin "root" and the operator "albion" with one viewer, "vic".
class DashboardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_dir("server-dashboard");
    options_ = test_options(dir_);
    ASSERT_TRUE(init_admin(options_.db, "root", kPassword, PasswordCost::kMinimum).ok());
    auto started = Server::start(options_);
    ASSERT_TRUE(started.ok()) << started.status().message();
    server_ = std::move(*started);
    client_ = std::make_unique<Client>(server_->port());
    const std::string root = login(*client_, "root");
    ASSERT_EQ(
        client_->call("POST", "/api/v1/operators", root, json{{"id", "albion"}, {"name", "Albion"}}.dump()).status,
        201);
    ASSERT_EQ(
        client_
            ->call("POST", "/api/v1/users", root,
                   json{{"name", "vic"}, {"password", kPassword}, {"role", "viewer"}, {"operator", "albion"}}.dump())
            .status,
        201);
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(dir_);
  }

  fs::path dir_;
  ServerOptions options_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<Client> client_;
};

std::string header(const Answer& a, const std::string& name) {
  const auto it = a.headers.find(name);
  return it == a.headers.end() ? "" : it->second;
}

// The cookie's value from a Set-Cookie header ("kitwatch_session=VALUE; Path=/; ...").
std::string cookie_of(const std::string& set_cookie) {
  const std::size_t eq = set_cookie.find('='), semi = set_cookie.find(';');
  return set_cookie.substr(eq + 1, semi - eq - 1);
}

TEST_F(DashboardTest, TheDashboardsFilesAreServedUnderAStrictContentSecurityPolicy) {
  const Answer page = client_->call("GET", "/");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(header(page, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<html"), std::string::npos);
  const std::string policy = header(page, "Content-Security-Policy");
  EXPECT_NE(policy.find("script-src 'self';"), std::string::npos) << policy;  // no inline script
  EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << policy;
  // Every script and style sheet the page names is served, and nothing comes from elsewhere.
  for (const std::string asset :
       {"/assets/dashboard.js", "/assets/dashboard-inventory.js", "/assets/dashboard-topology.js",
        "/assets/dashboard-national.js", "/assets/dashboard.css", "/assets/common.js", "/assets/echarts.min.js"}) {
    const Answer a = client_->call("GET", asset);
    EXPECT_EQ(a.status, 200) << asset;
    EXPECT_GT(a.body.size(), 100u) << asset;
    EXPECT_NE(page.body.find(asset), std::string::npos) << "the page does not load " << asset;
  }
  EXPECT_EQ(page.body.find("http://"), std::string::npos);
  EXPECT_EQ(page.body.find("https://"), std::string::npos);
  EXPECT_EQ(client_->call("GET", "/assets/../server.db").status, 404);
  EXPECT_EQ(client_->call("GET", "/etc/passwd").status, 404);
  EXPECT_EQ(client_->call("POST", "/", "", "{}").status, 405);
}

TEST_F(DashboardTest, ABrowserSessionIsAStrictHttpOnlyCookieAndItsWritesNeedTheCsrfValue) {
  const Answer wrong =
      client_->call("POST", "/api/v1/session", "", json{{"name", "vic"}, {"password", "not-it"}}.dump());
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(header(wrong, "Set-Cookie"), "");
  const Answer in = client_->call("POST", "/api/v1/session", "", json{{"name", "vic"}, {"password", kPassword}}.dump());
  ASSERT_EQ(in.status, 201) << in.body;
  const std::string set_cookie = header(in, "Set-Cookie");
  EXPECT_EQ(set_cookie.rfind("kitwatch_session=kw_", 0), 0u) << set_cookie;
  for (const char* attribute : {"; HttpOnly", "; SameSite=Strict", "; Path=/"}) {
    EXPECT_NE(set_cookie.find(attribute), std::string::npos) << set_cookie;
  }
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << "plain HTTP: " << set_cookie;
  const json session = in.parsed();
  EXPECT_EQ(session["user"]["name"], "vic");
  EXPECT_FALSE(session.contains("token"));  // the page's script never holds the token itself
  const std::string csrf = session["csrf"];
  const httplib::Headers cookie = {{"Cookie", "other=1; kitwatch_session=" + cookie_of(set_cookie)}};

  // Reads need only the cookie; GET /session gives the page its CSRF value back after a reload.
  EXPECT_EQ(client_->call("GET", "/api/v1/me", "", "", "", cookie).status, 200);
  EXPECT_EQ(client_->call("GET", "/api/v1/session", "", "", "", cookie).parsed()["csrf"], csrf);
  // A write with the cookie alone (what another site's form could make the browser send) is refused.
  const std::string label = json{{"label", "from-the-dashboard"}}.dump();
  const Answer forged = client_->call("POST", "/api/v1/tokens", "", label, "application/json", cookie);
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(forged.parsed()["error"]["code"], "csrf");
  httplib::Headers wrong_csrf = cookie;
  wrong_csrf.emplace("X-CSRF-Token", std::string(csrf.size(), '0'));
  EXPECT_EQ(client_->call("POST", "/api/v1/tokens", "", label, "application/json", wrong_csrf).status, 403);
  httplib::Headers with_csrf = cookie;
  with_csrf.emplace("X-CSRF-Token", csrf);
  EXPECT_EQ(client_->call("POST", "/api/v1/tokens", "", label, "application/json", with_csrf).status, 201);

  // Signing out revokes the session and clears the cookie; the cookie is refused afterwards.
  EXPECT_EQ(client_->call("DELETE", "/api/v1/session", "", "", "", cookie).status, 403);  // CSRF again
  const Answer out = client_->call("DELETE", "/api/v1/session", "", "", "", with_csrf);
  EXPECT_EQ(out.status, 200) << out.body;
  EXPECT_NE(header(out, "Set-Cookie").find("Max-Age=0"), std::string::npos) << header(out, "Set-Cookie");
  EXPECT_EQ(client_->call("GET", "/api/v1/me", "", "", "", cookie).status, 401);
  EXPECT_TRUE(client_->call("GET", "/api/v1/session", "", "", "", cookie).parsed()["user"].is_null());

  // Behind a reverse proxy that ends TLS, the cookie is marked Secure.
  const Answer proxied =
      client_->call("POST", "/api/v1/session", "", json{{"name", "vic"}, {"password", kPassword}}.dump(),
                    "application/json", {{"X-Forwarded-Proto", "https"}});
  EXPECT_NE(header(proxied, "Set-Cookie").find("; Secure"), std::string::npos) << header(proxied, "Set-Cookie");
}

TEST(ServerTlsTest, ServesHttpsWithTheGivenCertificateAndRefusesAKeyWithoutItsCertificate) {
  const fs::path dir = fresh_dir("server-tls");
  const std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
  // A throwaway self-signed certificate (openssl comes with ca-certificates, which install-deps installs).
  const std::string make =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
      "-subj /CN=127.0.0.1 -keyout '" +
      key + "' -out '" + cert + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(make.c_str()), 0) << make;
  ServerOptions options = test_options(dir);
  ASSERT_TRUE(init_admin(options.db, "root", kPassword, PasswordCost::kMinimum).ok());

  options.tls_key = key;
  auto half = Server::start(options);
  ASSERT_FALSE(half.ok());
  EXPECT_NE(half.status().message().find("--tls-cert and --tls-key"), std::string::npos);
  options.tls_cert = key;  // not a certificate
  EXPECT_FALSE(Server::start(options).ok());

  options.tls_cert = cert;
  auto server = Server::start(options);
  ASSERT_TRUE(server.ok()) << server.status().message();
  httplib::SSLClient tls("127.0.0.1", (*server)->port());
  tls.enable_server_certificate_verification(false);  // self-signed, made a moment ago
  const auto health = tls.Get("/api/v1/health");
  ASSERT_TRUE(health) << httplib::to_string(health.error());
  EXPECT_EQ(health->status, 200);
  const auto in =
      tls.Post("/api/v1/session", json{{"name", "root"}, {"password", kPassword}}.dump(), "application/json");
  ASSERT_TRUE(in);
  EXPECT_EQ(in->status, 201);
  EXPECT_NE(in->get_header_value("Set-Cookie").find("; Secure"), std::string::npos);
  // Plain HTTP to the TLS port gets no answer.
  Client plain((*server)->port());
  EXPECT_NE(plain.call("GET", "/api/v1/health").status, 200);
  (*server)->stop();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kitwatch
