-- Trading (issue 10): paper accounts, exchange keys, orders and fills, trading settings, alert
-- order actions and the Telegram channel.

-- AlterEnum
ALTER TYPE "DeliveryChannel" ADD VALUE 'telegram';

-- CreateEnum
CREATE TYPE "ExchangeEnvironment" AS ENUM ('sim', 'testnet', 'live');

-- CreateEnum
CREATE TYPE "TradingAccountKind" AS ENUM ('paper', 'binance');

-- CreateEnum
CREATE TYPE "OrderSourceKind" AS ENUM ('manual', 'alert');

-- CreateEnum
CREATE TYPE "OrderSide" AS ENUM ('BUY', 'SELL');

-- CreateEnum
CREATE TYPE "OrderType" AS ENUM ('MARKET', 'LIMIT');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('PENDING', 'UNKNOWN', 'NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED');

-- AlterTable
ALTER TABLE "AlertRule" ADD COLUMN     "notifyTelegram" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "orderAction" JSONB;

-- AlterTable
ALTER TABLE "NotificationSettings" ADD COLUMN     "telegramChatId" VARCHAR(64),
ADD COLUMN     "telegramEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "telegramLinkCodeHash" VARCHAR(64),
ADD COLUMN     "telegramLinkCodeExpiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "telegramLinkedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "PaperAccount" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "quoteAsset" VARCHAR(20) NOT NULL DEFAULT 'USDT',
    "startingBalance" DECIMAL(38,18) NOT NULL,
    "resetAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PaperAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaperBalance" (
    "accountId" TEXT NOT NULL,
    "asset" VARCHAR(20) NOT NULL,
    "free" DECIMAL(38,18) NOT NULL DEFAULT 0,
    "locked" DECIMAL(38,18) NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PaperBalance_pkey" PRIMARY KEY ("accountId","asset"),
    -- Not in schema.prisma (Prisma cannot express checks): no paper balance is ever overdrawn.
    CONSTRAINT "PaperBalance_free_check" CHECK ("free" >= 0),
    CONSTRAINT "PaperBalance_locked_check" CHECK ("locked" >= 0)
);

-- CreateTable
CREATE TABLE "ExchangeKey" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "label" VARCHAR(80) NOT NULL,
    "environment" "ExchangeEnvironment" NOT NULL,
    "apiKey" VARCHAR(128) NOT NULL,
    "apiKeyLast4" VARCHAR(4) NOT NULL,
    "secretEncrypted" VARCHAR(512) NOT NULL,
    "canTrade" BOOLEAN NOT NULL DEFAULT false,
    "permissions" JSONB NOT NULL DEFAULT '[]',
    "verifiedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ExchangeKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accountKind" "TradingAccountKind" NOT NULL,
    "exchangeKeyId" TEXT,
    "accountKey" VARCHAR(30) NOT NULL,
    "source" "OrderSourceKind" NOT NULL,
    "ruleId" TEXT,
    "ruleName" VARCHAR(120),
    "fireId" TEXT,
    "ticketId" VARCHAR(64),
    "clientOrderId" VARCHAR(36) NOT NULL,
    "exchangeOrderId" VARCHAR(40),
    "symbol" VARCHAR(20) NOT NULL,
    "side" "OrderSide" NOT NULL,
    "type" "OrderType" NOT NULL,
    "price" DECIMAL(38,18),
    "action" JSONB,
    "referencePrice" DECIMAL(38,18),
    "origQty" DECIMAL(38,18),
    "quoteOrderQty" DECIMAL(38,18),
    "executedQty" DECIMAL(38,18) NOT NULL DEFAULT 0,
    "cummulativeQuoteQty" DECIMAL(38,18) NOT NULL DEFAULT 0,
    "fee" DECIMAL(38,18),
    "feeAsset" VARCHAR(20),
    "status" "OrderStatus" NOT NULL DEFAULT 'PENDING',
    "rejectCode" INTEGER,
    "rejectReason" VARCHAR(500),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderFill" (
    "orderId" TEXT NOT NULL,
    "tradeId" VARCHAR(40) NOT NULL,
    "userId" TEXT NOT NULL,
    "price" DECIMAL(38,18) NOT NULL,
    "quantity" DECIMAL(38,18) NOT NULL,
    "commission" DECIMAL(38,18) NOT NULL,
    "commissionAsset" VARCHAR(20) NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "isMaker" BOOLEAN NOT NULL,

    CONSTRAINT "OrderFill_pkey" PRIMARY KEY ("orderId","tradeId")
);

-- CreateTable
CREATE TABLE "TradingSettings" (
    "userId" TEXT NOT NULL,
    "killSwitch" BOOLEAN NOT NULL DEFAULT false,
    "maxOrdersPerDay" INTEGER,
    "maxNotionalPerDay" DECIMAL(38,18),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TradingSettings_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "PaperAccount_userId_key" ON "PaperAccount"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ExchangeKey_userId_label_key" ON "ExchangeKey"("userId", "label");

-- CreateIndex
CREATE UNIQUE INDEX "ExchangeKey_userId_environment_apiKey_key" ON "ExchangeKey"("userId", "environment", "apiKey");

-- CreateIndex
CREATE UNIQUE INDEX "Order_fireId_key" ON "Order"("fireId");

-- CreateIndex
CREATE INDEX "Order_userId_createdAt_id_idx" ON "Order"("userId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Order_userId_symbol_createdAt_idx" ON "Order"("userId", "symbol", "createdAt");

-- CreateIndex
CREATE INDEX "Order_userId_status_idx" ON "Order"("userId", "status");

-- CreateIndex
CREATE INDEX "Order_status_idx" ON "Order"("status");

-- CreateIndex
CREATE INDEX "Order_exchangeKeyId_idx" ON "Order"("exchangeKeyId");

-- CreateIndex
CREATE INDEX "Order_ruleId_idx" ON "Order"("ruleId");

-- CreateIndex
CREATE UNIQUE INDEX "Order_accountKey_clientOrderId_key" ON "Order"("accountKey", "clientOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "Order_userId_ticketId_key" ON "Order"("userId", "ticketId");

-- CreateIndex
CREATE INDEX "OrderFill_userId_time_idx" ON "OrderFill"("userId", "time");

-- AddForeignKey
ALTER TABLE "PaperAccount" ADD CONSTRAINT "PaperAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaperBalance" ADD CONSTRAINT "PaperBalance_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "PaperAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExchangeKey" ADD CONSTRAINT "ExchangeKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_exchangeKeyId_fkey" FOREIGN KEY ("exchangeKeyId") REFERENCES "ExchangeKey"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_fireId_fkey" FOREIGN KEY ("fireId") REFERENCES "AlertFire"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderFill" ADD CONSTRAINT "OrderFill_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderFill" ADD CONSTRAINT "OrderFill_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TradingSettings" ADD CONSTRAINT "TradingSettings_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
