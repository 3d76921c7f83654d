-- Backtests (issue 11): saved runs and sweeps per user, sweep parts, worker heartbeats.

-- CreateEnum
CREATE TYPE "BacktestKind" AS ENUM ('single', 'sweep');

-- CreateEnum
CREATE TYPE "BacktestStatus" AS ENUM ('queued', 'downloading', 'running', 'done', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "BacktestRun" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "kind" "BacktestKind" NOT NULL,
    "symbol" VARCHAR(20) NOT NULL,
    "interval" VARCHAR(3) NOT NULL,
    "from" TIMESTAMPTZ(3) NOT NULL,
    "to" TIMESTAMPTZ(3) NOT NULL,
    "strategy" JSONB NOT NULL,
    "sweep" JSONB,
    "walkForward" JSONB,
    "status" "BacktestStatus" NOT NULL DEFAULT 'queued',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "stage" VARCHAR(120),
    "error" VARCHAR(1000),
    "result" JSONB,
    "summary" JSONB,
    "partsTotal" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "BacktestRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BacktestSweepPart" (
    "runId" TEXT NOT NULL,
    "part" INTEGER NOT NULL,
    "fromIndex" INTEGER NOT NULL,
    "toIndex" INTEGER NOT NULL,
    "status" "BacktestStatus" NOT NULL DEFAULT 'queued',
    "rows" JSONB,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "BacktestSweepPart_pkey" PRIMARY KEY ("runId","part")
);

-- CreateTable
CREATE TABLE "WorkerHeartbeat" (
    "workerId" VARCHAR(100) NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seenAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WorkerHeartbeat_pkey" PRIMARY KEY ("workerId")
);

-- CreateIndex
CREATE INDEX "BacktestRun_userId_createdAt_idx" ON "BacktestRun"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "BacktestRun_userId_status_idx" ON "BacktestRun"("userId", "status");

-- CreateIndex
CREATE INDEX "WorkerHeartbeat_seenAt_idx" ON "WorkerHeartbeat"("seenAt");

-- AddForeignKey
ALTER TABLE "BacktestRun" ADD CONSTRAINT "BacktestRun_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BacktestSweepPart" ADD CONSTRAINT "BacktestSweepPart_runId_fkey" FOREIGN KEY ("runId") REFERENCES "BacktestRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
